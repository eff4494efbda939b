//! Creating accounts and binding roles (used by `create-admin` and the demo seed).

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use uuid::Uuid;

use super::{
    Role,
    entities::{role_binding, user},
    password,
};
use crate::{
    audit::Audit,
    orgs::{Tier, unit},
};

pub async fn insert_user(
    conn: &impl ConnectionTrait,
    username: &str,
    display_name: &str,
    password_hash: &str,
    person_id: Option<Uuid>,
) -> Result<Uuid, sea_orm::DbErr> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    user::ActiveModel {
        id: Set(id),
        username: Set(username.to_lowercase()),
        display_name: Set(display_name.into()),
        password_hash: Set(password_hash.into()),
        must_change_password: Set(false),
        disabled: Set(false),
        activation_expires_at: Set(None),
        person_id: Set(person_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

pub async fn bind(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    role: Role,
    unit_id: Option<Uuid>,
) -> Result<(), sea_orm::DbErr> {
    role_binding::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        role: Set(role),
        unit_id: Set(unit_id),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await
    .map(|_| ())
}

/// Whether an administrative role may be bound to this unit; the Chinese reason if not.
pub fn binding_fits(role: Role, unit: Option<&unit::Model>) -> Result<(), &'static str> {
    match (role, unit) {
        (Role::Sysadmin, None) => Ok(()),
        (Role::Sysadmin, Some(_)) => Err("系统管理员不绑定单位"),
        (Role::Person, _) => Err("专业技术人员账号请通过个人注册或人员详情开通"),
        (_, None) => Err("请选择账号所属单位"),
        (_, Some(u)) if !u.active => Err("该单位已停用"),
        (Role::Province, Some(u)) if u.tier != Tier::Province => {
            Err("省学时办审核员只能绑定省学时办")
        }
        (Role::UnitAdmin | Role::Organiser, Some(u)) if u.tier == Tier::Province => {
            Err("单位管理员和培训单位账号应绑定二级或三级单位")
        }
        _ => Ok(()),
    }
}

/// `xueshi create-admin`: an administrator account for a real deployment. The unit is
/// given by its code (统一社会信用代码); `sysadmin` takes none, every other role needs one.
pub async fn create_admin(
    db: &DatabaseConnection,
    username: &str,
    pw: &str,
    role: Role,
    unit_code: Option<&str>,
) -> anyhow::Result<Uuid> {
    password::check_policy("password", pw).map_err(|_| {
        anyhow::anyhow!("password must have at least 8 characters with letters and digits")
    })?;
    let unit = match unit_code {
        Some(code) => Some(
            unit::Entity::find()
                .filter(unit::Column::Code.eq(code.trim().to_uppercase()))
                .one(db)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no unit with code {code}"))?,
        ),
        None => None,
    };
    binding_fits(role, unit.as_ref()).map_err(|msg| anyhow::anyhow!("{}: {msg}", role.code()))?;
    let hash = password::hash(pw)?;
    let txn = db.begin().await?;
    let display = unit.as_ref().map_or("系统管理员".to_owned(), |u| {
        format!("{}管理员", u.name)
    });
    let user_id = insert_user(&txn, username, &display, &hash, None).await?;
    bind(&txn, user_id, role, unit.as_ref().map(|u| u.id)).await?;
    Audit::new("account.created_by_cli", "user")
        .entity(user_id)
        .after(serde_json::json!({ "username": username, "role": role.code() }))
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(user_id)
}
