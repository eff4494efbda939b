//! The person (专业技术人员) entity.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "persons")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// 身份证号, validated (GB 11643), upper-case X.
    #[sea_orm(unique)]
    pub id_number: String,
    pub name: String,
    /// `M` or `F`, agreeing with the ID's 17th digit.
    pub gender: String,
    pub birth_date: Date,
    pub phone: Option<String>,
    pub unit_id: Option<Uuid>,
    /// 是否省属单位人员.
    pub is_provincial: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
