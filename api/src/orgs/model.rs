//! Request and response bodies of the unit endpoints.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::Tier;

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitNode {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    /// 统一社会信用代码 or 组织机构代码.
    pub code: String,
    pub tier: Tier,
    pub active: bool,
    /// 二级 confirms its 三级 units' recognitions.
    pub second_confirms: bool,
    pub person_count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDetail {
    #[serde(flatten)]
    pub node: UnitNode,
    pub parent_name: Option<String>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub code_override_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub accounts: Vec<AccountSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountSummary {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: crate::auth::Role,
    pub role_name: String,
    pub disabled: bool,
    /// The account still has to replace its activation code with a password.
    pub pending_activation: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateUnit {
    /// The parent: the 省学时办 root for a 二级 unit, a 二级 unit for a 三级 unit.
    pub parent_id: Uuid,
    pub name: String,
    /// 18-character 统一社会信用代码 or 9-character 组织机构代码 (hyphen optional).
    pub code: String,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// Default true.
    pub second_confirms: Option<bool>,
    /// Only 省学时办: accept a 统一社会信用代码 whose check character fails, with this reason.
    pub code_override_reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateUnit {
    pub name: Option<String>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub second_confirms: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeactivateUnit {
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicUnit {
    pub id: Uuid,
    pub name: String,
    pub tier: Tier,
    pub parent_name: Option<String>,
}
