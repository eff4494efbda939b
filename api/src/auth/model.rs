//! Request and response bodies of the auth endpoints.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::{auth::Role, orgs::Tier};

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(example = json!({"username": "jt_admin", "password": "Xueshi@2026"}))]
pub struct LoginRequest {
    /// 用户名、身份证号或手机号.
    #[validate(length(min = 1, max = 64, message = "请输入用户名"))]
    pub username: String,
    #[validate(length(min = 1, max = 128, message = "请输入密码"))]
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque, single-use: exchange it at `/auth/refresh` for a new pair.
    pub refresh_token: String,
    pub refresh_expires_in: i64,
    /// The account must set a new password before anything else.
    pub must_change_password: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 256, message = "缺少刷新令牌"))]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LogoutRequest {
    #[validate(length(min = 1, max = 256, message = "缺少刷新令牌"))]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 128, message = "请输入当前密码"))]
    pub current_password: String,
    #[validate(length(min = 1, max = 128, message = "请输入新密码"))]
    pub new_password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub must_change_password: bool,
    pub roles: Vec<RoleBinding>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleBinding {
    pub role: Role,
    /// 角色的中文名称 (二级/三级 follows the unit's tier).
    pub role_name: String,
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    pub unit_tier: Option<Tier>,
}
