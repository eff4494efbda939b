//! Roles a user can hold, each bound to a unit (except the system administrator's).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::orgs::Tier;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: base data, accounts, integrations.
    #[sea_orm(string_value = "sysadmin")]
    Sysadmin,
    /// 省学时办: 复审, class approval, province-wide view.
    #[sea_orm(string_value = "province")]
    Province,
    /// 单位管理员: 二级 or 三级 by the tier of the bound unit.
    #[sea_orm(string_value = "unit_admin")]
    UnitAdmin,
    /// 培训单位: applies for unified recognition of classes.
    #[sea_orm(string_value = "organiser")]
    Organiser,
    /// 专业技术人员.
    #[sea_orm(string_value = "person")]
    Person,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Sysadmin => "sysadmin",
            Role::Province => "province",
            Role::UnitAdmin => "unit_admin",
            Role::Organiser => "organiser",
            Role::Person => "person",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        [
            Role::Sysadmin,
            Role::Province,
            Role::UnitAdmin,
            Role::Organiser,
            Role::Person,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    /// The Chinese name shown in the UI; a unit admin's name depends on the unit's tier.
    pub fn display_name(self, tier: Option<Tier>) -> &'static str {
        match (self, tier) {
            (Role::Sysadmin, _) => "系统管理员",
            (Role::Province, _) => "省学时办审核员",
            (Role::UnitAdmin, Some(Tier::Third)) => "三级单位管理员",
            (Role::UnitAdmin, _) => "二级单位管理员",
            (Role::Organiser, _) => "培训单位",
            (Role::Person, _) => "专业技术人员",
        }
    }
}
