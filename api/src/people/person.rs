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
    /// 职称专业系列 / 职称级别 (ZG, FG, ZJ, ZL, YJ) / 职称, from the title dictionary.
    pub title_series: Option<String>,
    pub title_level: Option<String>,
    pub title_name: Option<String>,
    /// 是否省属单位人员.
    pub is_provincial: bool,
    /// The unit's confirmation of the affiliation: `pending` or `confirmed`.
    pub affiliation: String,
    pub confirmed_at: Option<DateTimeUtc>,
    pub confirmed_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

pub const PENDING: &str = "pending";
pub const CONFIRMED: &str = "confirmed";

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
