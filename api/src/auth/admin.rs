//! Account administration: administrators create accounts with a one-time activation code
//! (D14: never "the last 6 digits of the ID"), reset, disable and enable them.

use chrono::{Duration, Utc};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    Permission, Principal, Role,
    accounts::{bind, binding_fits, insert_user},
    entities::{refresh_token, role_binding, user},
    password,
};
use crate::{
    app::AppState,
    audit::Audit,
    error::{AppError, AppResult},
    fields::Checks,
    orgs::{model::AccountSummary, service::find as find_unit, unit},
    people::service::find_in_scope,
};

/// Activation codes live a week.
pub const ACTIVATION_DAYS: i64 = 7;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateAccount {
    /// 3–32 characters: lower-case letters, digits, `_ . -`.
    pub username: String,
    pub display_name: String,
    /// `unit_admin`, `organiser`, `province` or `sysadmin`.
    pub role: Role,
    pub unit_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedAccount {
    pub account: AccountSummary,
    /// Shown once: the account logs in with it and must then set a password.
    pub activation_code: String,
    pub activation_expires_at: chrono::DateTime<Utc>,
}

pub async fn create(
    state: &AppState,
    p: &Principal,
    input: CreateAccount,
) -> AppResult<IssuedAccount> {
    let unit = match input.unit_id {
        Some(id) => Some(find_unit(&state.db, id).await?),
        None => None,
    };
    let scope = match &unit {
        Some(u) => p.scope_over(Permission::AdminAccountManage, u)?,
        None => p.scope(Permission::AdminAccountManage)?,
    };
    // Only the system administrator makes system administrators.
    if input.role == Role::Sysadmin && !p.has_role(Role::Sysadmin) {
        return Err(AppError::forbidden(
            "forbidden",
            "只有系统管理员可以创建系统管理员账号",
        ));
    }
    if unit.is_none() && !scope.is_all() {
        return Err(AppError::invalid(
            "unit_id",
            "required",
            "请选择账号所属单位",
        ));
    }
    let mut checks = Checks::new();
    let username = check_username(&mut checks, &input.username);
    let display_name = checks.text("display_name", "姓名", &input.display_name, 30);
    if let Err(msg) = binding_fits(input.role, unit.as_ref()) {
        checks.fail("role", "role_unit_mismatch", msg);
    }
    checks.finish()?;
    if user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(AppError::invalid(
            "username",
            "username_taken",
            "该用户名已被使用",
        ));
    }
    let (code, hash) = new_activation_code().await?;
    let expires = Utc::now() + Duration::days(ACTIVATION_DAYS);
    let txn = state.db.begin().await?;
    let user_id = insert_user(&txn, &username, &display_name, &hash, None).await?;
    set_activation(&txn, user_id, expires).await?;
    bind(&txn, user_id, input.role, unit.as_ref().map(|u| u.id)).await?;
    let mut audit = Audit::new("account.created", "user")
        .entity(user_id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({ "username": username, "role": input.role.code(), "unit_id": input.unit_id }))
        .ip(p.ip.clone());
    if let Some(u) = &unit {
        audit = audit.scope(&u.path);
    }
    audit.save(&txn).await?;
    txn.commit().await?;
    Ok(IssuedAccount {
        account: summary(&state.db, user_id).await?,
        activation_code: code,
        activation_expires_at: expires,
    })
}

/// Opens a login for a person (username = 身份证号), with an activation code.
pub async fn create_for_person(
    state: &AppState,
    p: &Principal,
    person_id: Uuid,
) -> AppResult<IssuedAccount> {
    let (person, u) =
        find_in_scope(&state.db, p, Permission::PersonAccountManage, person_id).await?;
    let scope = p.scope(Permission::PersonAccountManage)?;
    if user::Entity::find()
        .filter(user::Column::PersonId.eq(person.id))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(AppError::conflict(
            "account_exists",
            "该人员已开通账号，如忘记密码请重置",
        ));
    }
    let (code, hash) = new_activation_code().await?;
    let expires = Utc::now() + Duration::days(ACTIVATION_DAYS);
    let txn = state.db.begin().await?;
    let user_id = insert_user(
        &txn,
        &person.id_number.to_lowercase(),
        &person.name,
        &hash,
        Some(person.id),
    )
    .await?;
    set_activation(&txn, user_id, expires).await?;
    bind(&txn, user_id, Role::Person, Some(u.id)).await?;
    Audit::new("account.created", "user")
        .entity(user_id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({ "person_id": person.id, "role": "person" }))
        .scope(&u.path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(IssuedAccount {
        account: summary(&state.db, user_id).await?,
        activation_code: code,
        activation_expires_at: expires,
    })
}

/// A new activation code replaces the password; every session of the account ends.
pub async fn reset(state: &AppState, p: &Principal, id: Uuid) -> AppResult<IssuedAccount> {
    let (target, unit_path, scope) = managed(state, p, id).await?;
    let (code, hash) = new_activation_code().await?;
    let expires = Utc::now() + Duration::days(ACTIVATION_DAYS);
    let txn = state.db.begin().await?;
    let mut row: user::ActiveModel = target.into();
    row.password_hash = Set(hash);
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    set_activation(&txn, id, expires).await?;
    end_sessions(&txn, id).await?;
    let mut audit = Audit::new("account.password_reset", "user")
        .entity(id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .ip(p.ip.clone());
    if let Some(path) = &unit_path {
        audit = audit.scope(path);
    }
    audit.save(&txn).await?;
    txn.commit().await?;
    Ok(IssuedAccount {
        account: summary(&state.db, id).await?,
        activation_code: code,
        activation_expires_at: expires,
    })
}

pub async fn set_disabled(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    disabled: bool,
) -> AppResult<AccountSummary> {
    if id == p.user.id {
        return Err(AppError::conflict(
            "own_account",
            "不能停用或启用自己的账号",
        ));
    }
    let (target, unit_path, scope) = managed(state, p, id).await?;
    let before = target.disabled;
    let txn = state.db.begin().await?;
    let mut row: user::ActiveModel = target.into();
    row.disabled = Set(disabled);
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    if disabled {
        end_sessions(&txn, id).await?;
    }
    let mut audit = Audit::new(
        if disabled {
            "account.disabled"
        } else {
            "account.enabled"
        },
        "user",
    )
    .entity(id)
    .actor(p.user.id)
    .role(scope.role, scope.unit_id)
    .before(json!({ "disabled": before }))
    .after(json!({ "disabled": disabled }))
    .ip(p.ip.clone());
    if let Some(path) = &unit_path {
        audit = audit.scope(path);
    }
    audit.save(&txn).await?;
    txn.commit().await?;
    summary(&state.db, id).await
}

/// The account, if the principal manages every binding it has (404 when out of view).
async fn managed(
    state: &AppState,
    p: &Principal,
    id: Uuid,
) -> AppResult<(user::Model, Option<String>, crate::auth::Scope)> {
    let target = user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let bindings = role_binding::Entity::find()
        .filter(role_binding::Column::UserId.eq(id))
        .find_also_related(unit::Entity)
        .all(&state.db)
        .await?;
    let mut scope = None;
    let mut path = None;
    for (b, u) in &bindings {
        let permission = if b.role == Role::Person {
            Permission::PersonAccountManage
        } else {
            Permission::AdminAccountManage
        };
        let view = p.scope(Permission::AccountView).ok();
        let s = match u {
            Some(u) => {
                if view.as_ref().is_some_and(|v| !v.contains(&u.path)) {
                    return Err(AppError::NotFound);
                }
                path.get_or_insert_with(|| u.path.clone());
                p.scope_over(permission, u)?
            }
            None => {
                let s = p.scope(permission)?;
                if !s.is_all() {
                    return Err(AppError::NotFound);
                }
                s
            }
        };
        scope.get_or_insert(s);
    }
    let scope = scope.ok_or(AppError::NotFound)?;
    Ok((target, path, scope))
}

async fn summary(db: &DatabaseConnection, id: Uuid) -> AppResult<AccountSummary> {
    let (u, b) = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .zip(
            role_binding::Entity::find()
                .filter(role_binding::Column::UserId.eq(id))
                .find_also_related(unit::Entity)
                .one(db)
                .await?,
        )
        .ok_or(AppError::NotFound)?;
    let (binding, unit) = b;
    Ok(AccountSummary {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        role: binding.role,
        role_name: binding.role.display_name(unit.map(|u| u.tier)).into(),
        disabled: u.disabled,
        pending_activation: u.must_change_password,
    })
}

async fn set_activation(
    conn: &impl sea_orm::ConnectionTrait,
    user_id: Uuid,
    expires: chrono::DateTime<Utc>,
) -> AppResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::MustChangePassword, Expr::value(true))
        .col_expr(user::Column::ActivationExpiresAt, Expr::value(expires))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

async fn end_sessions(conn: &impl sea_orm::ConnectionTrait, user_id: Uuid) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as XXXX-XXXX-XXXX.
async fn new_activation_code() -> AppResult<(String, String)> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let raw: String = (0..12)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    let code = format!("{}-{}-{}", &raw[..4], &raw[4..8], &raw[8..]);
    let hash = password::hash_blocking(code.clone()).await?;
    Ok((code, hash))
}

fn check_username(checks: &mut Checks, raw: &str) -> String {
    let name = raw.trim().to_lowercase();
    let valid = (3..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b))
        && name.bytes().any(|b| b.is_ascii_lowercase());
    if !valid {
        checks.fail(
            "username",
            "invalid_username",
            "用户名为 3–32 位小写字母、数字或 _ . -，且至少含一个字母",
        );
    }
    name
}
