//! A transfer of a person between units: the old unit releases, the new unit accepts.
//! Either side may start it; it completes when both have acted.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "transfers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub from_unit_id: Uuid,
    pub to_unit_id: Uuid,
    /// `pending`, `completed` or `cancelled`.
    pub status: String,
    pub released_by: Option<Uuid>,
    pub released_at: Option<DateTimeUtc>,
    pub accepted_by: Option<Uuid>,
    pub accepted_at: Option<DateTimeUtc>,
    pub reason: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
