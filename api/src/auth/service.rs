//! Login, token refresh with reuse detection, logout, the caller's account.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait, sea_query::Expr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::entities::{login_failure, refresh_token, role_binding, user};
use super::model::{Me, RoleBinding, TokenResponse};
use super::{Actor, password, token};
use crate::{
    app::AppState,
    audit::Audit,
    error::{AppError, AppResult},
    orgs::unit,
    people::{IdNumber, person},
};

/// Failed logins allowed per account within [`LOCK_WINDOW_MINUTES`] before 429.
pub const MAX_FAILURES: usize = 5;
pub const LOCK_WINDOW_MINUTES: i64 = 10;

pub struct LoginInput {
    pub username: String,
    pub password: String,
    pub ip: Option<String>,
}

pub async fn login(state: &AppState, input: LoginInput) -> AppResult<TokenResponse> {
    let db = &state.db;
    let login = input.username.trim().to_lowercase();
    let login_key = hex::encode(Sha256::digest(login.as_bytes()));
    let now = Utc::now();
    let window_start = now - Duration::minutes(LOCK_WINDOW_MINUTES);

    let recent: Vec<login_failure::Model> = login_failure::Entity::find()
        .filter(login_failure::Column::Login.eq(&login_key))
        .filter(login_failure::Column::At.gt(window_start))
        .order_by_desc(login_failure::Column::At)
        .limit(MAX_FAILURES as u64)
        .all(db)
        .await?;
    if let Some(oldest) = recent.get(MAX_FAILURES - 1) {
        let wait = (oldest.at + Duration::minutes(LOCK_WINDOW_MINUTES) - now)
            .num_seconds()
            .max(1) as u64;
        return Err(AppError::TooManyRequests {
            code: "too_many_attempts",
            detail: format!("登录失败次数过多，请 {} 分钟后再试", wait.div_ceil(60)).into(),
            retry_after_seconds: wait,
        });
    }

    let found = find_user_by_login(db, &login).await?;
    let hash = found
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| password::DUMMY_HASH.to_owned());
    let matches = password::verify_blocking(input.password, hash).await?;

    let Some(user) = found.filter(|_| matches) else {
        let txn = db.begin().await?;
        login_failure::ActiveModel {
            id: Set(Uuid::now_v7()),
            login: Set(login_key),
            at: Set(now),
        }
        .insert(&txn)
        .await?;
        Audit::new("auth.login_failed", "user")
            .after(serde_json::json!({ "login": mask_login(&login) }))
            .ip(input.ip)
            .save(&txn)
            .await?;
        txn.commit().await?;
        return Err(AppError::unauthorized(
            "invalid_credentials",
            "用户名或密码错误",
        ));
    };

    if user.activation_expires_at.is_some_and(|at| at <= now) {
        return Err(AppError::unauthorized(
            "activation_expired",
            "激活码已过期，请联系单位管理员重新获取",
        ));
    }
    if user.disabled {
        Audit::new("auth.login_refused", "user")
            .entity(user.id)
            .actor(user.id)
            .ip(input.ip)
            .save(db)
            .await?;
        return Err(AppError::forbidden(
            "account_disabled",
            "该账号已停用，请联系管理员",
        ));
    }

    let txn = db.begin().await?;
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Login.eq(&login_key))
        .exec(&txn)
        .await?;
    let family = Uuid::now_v7();
    let refresh = insert_refresh_token(&txn, user.id, family).await?;
    Audit::new("auth.login", "user")
        .entity(user.id)
        .actor(user.id)
        .ip(input.ip)
        .save(&txn)
        .await?;
    txn.commit().await?;
    token_pair(state, &user, family, refresh)
}

/// Exchanges a refresh token for a new pair. A token is good once: presenting a used or
/// revoked token means it leaked, so the whole family (the login session) is revoked.
pub async fn refresh(
    state: &AppState,
    presented: &str,
    ip: Option<String>,
) -> AppResult<TokenResponse> {
    let db = &state.db;
    let now = Utc::now();
    let invalid = || AppError::unauthorized("invalid_refresh_token", "登录已失效，请重新登录");
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token::refresh_token_hash(presented)))
        .one(db)
        .await?
        .ok_or_else(invalid)?;

    if row.used_at.is_some() || row.revoked_at.is_some() {
        return Err(reuse_detected(db, &row, ip).await?);
    }
    if row.expires_at <= now {
        return Err(invalid());
    }
    let user = user::Entity::find_by_id(row.user_id)
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if user.disabled {
        revoke_family(db, row.family_id).await?;
        return Err(AppError::forbidden(
            "account_disabled",
            "该账号已停用，请联系管理员",
        ));
    }

    let txn = db.begin().await?;
    // The `used_at IS NULL` guard makes two concurrent refreshes of one token race safely:
    // exactly one updates the row; the other is treated as reuse.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        txn.rollback().await?;
        return Err(reuse_detected(db, &row, ip).await?);
    }
    let refresh = insert_refresh_token(&txn, user.id, row.family_id).await?;
    txn.commit().await?;
    token_pair(state, &user, row.family_id, refresh)
}

async fn reuse_detected(
    db: &DatabaseConnection,
    row: &refresh_token::Model,
    ip: Option<String>,
) -> AppResult<AppError> {
    let txn = db.begin().await?;
    revoke_family(&txn, row.family_id).await?;
    Audit::new("auth.refresh_reused", "session")
        .entity(row.family_id)
        .actor(row.user_id)
        .ip(ip)
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(AppError::unauthorized(
        "refresh_token_reused",
        "登录凭据已被使用过，为安全起见已退出该会话，请重新登录",
    ))
}

/// Ends the session the refresh token belongs to. Unknown tokens are accepted silently,
/// so logout is idempotent.
pub async fn logout(state: &AppState, presented: &str, ip: Option<String>) -> AppResult<()> {
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token::refresh_token_hash(presented)))
        .one(&state.db)
        .await?;
    if let Some(row) = row {
        let txn = state.db.begin().await?;
        if revoke_family(&txn, row.family_id).await? == 0 {
            return Ok(()); // already ended: nothing to record
        }
        Audit::new("auth.logout", "session")
            .entity(row.family_id)
            .actor(row.user_id)
            .ip(ip)
            .save(&txn)
            .await?;
        txn.commit().await?;
    }
    Ok(())
}

pub async fn me(state: &AppState, actor: &Actor) -> AppResult<Me> {
    let user = load_active_user(state, actor).await?;
    // One query for the bindings and their units.
    let bindings = role_binding::Entity::find()
        .filter(role_binding::Column::UserId.eq(user.id))
        .order_by_asc(role_binding::Column::CreatedAt)
        .find_also_related(unit::Entity)
        .all(&state.db)
        .await?;
    let roles = bindings
        .into_iter()
        .map(|(b, u)| RoleBinding {
            role: b.role,
            role_name: b.role.display_name(u.as_ref().map(|u| u.tier)).into(),
            unit_id: b.unit_id,
            unit_tier: u.as_ref().map(|u| u.tier),
            unit_name: u.map(|u| u.name),
        })
        .collect();
    Ok(Me {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        must_change_password: user.must_change_password,
        roles,
    })
}

/// Changes the caller's password; every other session of the account is ended.
pub async fn change_password(
    state: &AppState,
    actor: &Actor,
    current: String,
    new: String,
    ip: Option<String>,
) -> AppResult<()> {
    let user = load_active_user(state, actor).await?;
    password::check_policy("new_password", &new)?;
    if current == new {
        return Err(AppError::invalid(
            "new_password",
            "same_as_current",
            "新密码不能与当前密码相同",
        ));
    }
    if !password::verify_blocking(current, user.password_hash.clone()).await? {
        return Err(AppError::invalid(
            "current_password",
            "wrong_password",
            "当前密码不正确",
        ));
    }
    let hash = password::hash_blocking(new).await?;
    let txn = state.db.begin().await?;
    let mut active: user::ActiveModel = user.into();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    active.activation_expires_at = Set(None);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(actor.user_id))
        .filter(refresh_token::Column::FamilyId.ne(actor.session_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    Audit::new("auth.password_changed", "user")
        .entity(actor.user_id)
        .actor(actor.user_id)
        .ip(ip)
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn load_active_user(state: &AppState, actor: &Actor) -> AppResult<user::Model> {
    user::Entity::find_by_id(actor.user_id)
        .one(&state.db)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(|| AppError::unauthorized("invalid_token", "登录凭据无效，请重新登录"))
}

/// A login is a username, a 身份证号 (a person's username) or a person's mobile number.
async fn find_user_by_login(
    db: &DatabaseConnection,
    login: &str,
) -> AppResult<Option<user::Model>> {
    if let Some(u) = user::Entity::find()
        .filter(user::Column::Username.eq(login))
        .one(db)
        .await?
    {
        return Ok(Some(u));
    }
    let Some(phone) = crate::people::normalize_phone(login) else {
        return Ok(None);
    };
    let Some(p) = person::Entity::find()
        .filter(person::Column::Phone.eq(phone))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(user::Entity::find()
        .filter(user::Column::PersonId.eq(p.id))
        .one(db)
        .await?)
}

async fn insert_refresh_token(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    family_id: Uuid,
) -> AppResult<String> {
    let now = Utc::now();
    let token = token::new_refresh_token();
    refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        family_id: Set(family_id),
        user_id: Set(user_id),
        token_hash: Set(token::refresh_token_hash(&token)),
        expires_at: Set(now + Duration::seconds(token::REFRESH_TTL_SECS)),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(token)
}

/// Revokes every live token of the family; returns how many were live.
async fn revoke_family(conn: &impl ConnectionTrait, family_id: Uuid) -> AppResult<u64> {
    let result = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

fn token_pair(
    state: &AppState,
    user: &user::Model,
    family: Uuid,
    refresh_token: String,
) -> AppResult<TokenResponse> {
    Ok(TokenResponse {
        access_token: state.jwt.issue(user.id, family, Utc::now())?,
        token_type: "Bearer".into(),
        expires_in: token::ACCESS_TTL_SECS,
        refresh_token,
        refresh_expires_in: token::REFRESH_TTL_SECS,
        must_change_password: user.must_change_password,
    })
}

/// Audit rows never hold a full 身份证号 or phone number typed as a login.
fn mask_login(login: &str) -> String {
    match IdNumber::parse(login) {
        Ok(id) => id.masked(),
        Err(_) => match crate::people::normalize_phone(login) {
            Some(p) => crate::people::mask_phone(&p),
            None => login.chars().take(64).collect(),
        },
    }
}
