//! The title dictionary: everyone signed in reads it; the system administrator edits it.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    model::{CreateTitle, TitleEntry, UpdateTitle},
    title::{self, level_code, level_name},
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Actor, Permission, Principal},
    error::{AppError, AppResult},
    fields::Checks,
};

pub async fn list(state: &AppState, _actor: &Actor) -> AppResult<Vec<TitleEntry>> {
    let rows = title::Entity::find()
        .order_by_asc(title::Column::Series)
        .order_by_asc(title::Column::Level)
        .order_by_asc(title::Column::Name)
        .all(&state.db)
        .await?;
    Ok(rows.into_iter().map(entry).collect())
}

pub async fn create(state: &AppState, p: &Principal, input: CreateTitle) -> AppResult<TitleEntry> {
    let scope = p.scope(Permission::TitleManage)?;
    let mut checks = Checks::new();
    let series = checks.text("series", "职称专业系列", &input.series, 32);
    let name = checks.text("name", "职称", &input.name, 32);
    let level = level_code(&input.level);
    if level.is_none() {
        checks.fail(
            "level",
            "invalid_level",
            "职称级别应为正高级、副高级、中级、助理级或员级",
        );
    }
    checks.finish()?;
    let level = level.unwrap_or_default();
    let exists = title::Entity::find()
        .filter(title::Column::Series.eq(&series))
        .filter(title::Column::Level.eq(level))
        .filter(title::Column::Name.eq(&name))
        .count(&state.db)
        .await?;
    if exists > 0 {
        return Err(AppError::conflict("duplicate_title", "该职称已在字典中"));
    }
    let txn = state.db.begin().await?;
    let row = title::ActiveModel {
        id: Set(Uuid::now_v7()),
        series: Set(series),
        level: Set(level.into()),
        name: Set(name),
        active: Set(true),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    Audit::new("title.created", "title")
        .entity(row.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(json!({ "series": row.series, "level": row.level, "name": row.name }))
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(entry(row))
}

/// Entries are never deleted (persons refer to them by name); they are switched off.
pub async fn update(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: UpdateTitle,
) -> AppResult<TitleEntry> {
    let scope = p.scope(Permission::TitleManage)?;
    let row = title::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = row.active;
    let txn = state.db.begin().await?;
    let mut active: title::ActiveModel = row.into();
    active.active = Set(input.active);
    let row = active.update(&txn).await?;
    Audit::new("title.updated", "title")
        .entity(id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .before(json!({ "active": before }))
        .after(json!({ "active": row.active }))
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(entry(row))
}

fn entry(t: title::Model) -> TitleEntry {
    TitleEntry {
        level_name: level_name(&t.level).unwrap_or_default().into(),
        id: t.id,
        series: t.series,
        level: t.level,
        name: t.name,
        active: t.active,
    }
}
