//! The kept totals of one person and year, in tenths of an hour.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "standings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    /// Registered (D4) hours per bucket, and their sum.
    pub professional: i32,
    pub industry_public: i32,
    pub general_public: i32,
    pub total: i32,
    /// Recognised by the unit, awaiting 复审: shown apart, never counted.
    pub pending_review: i32,
    /// Submitted, before the unit has decided: shown apart, never counted.
    pub in_review: i32,
    pub counted_items: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
