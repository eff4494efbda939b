//! Reading the audit log: 省学时办 and the system administrator see everything, a 二级 admin
//! their subtree. Nothing here or anywhere else changes or deletes an entry.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::entry;
use crate::{
    app::AppState,
    auth::{Permission, Principal, entities::user},
    error::AppResult,
    fields::paging,
    people::{IdNumber, mask_id_str},
};

fn mask_login(username: &str) -> String {
    if IdNumber::parse(username).is_ok() {
        mask_id_str(username)
    } else {
        username.to_owned()
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditFilter {
    /// Exact action, e.g. `unit.created`, or a prefix ending in `.`, e.g. `auth.`.
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor_user_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_username: Option<String>,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub ip: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

pub async fn list(state: &AppState, p: &Principal, f: AuditFilter) -> AppResult<AuditPage> {
    let scope = p.scope(Permission::AuditView)?;
    let (page, page_size) = paging(f.page, f.page_size);
    // Entries without a unit (logins, dictionary edits) belong to the whole-tree scope only.
    let mut cond = scope.path_condition(entry::Column::ScopePath);
    if let Some(action) = f.action.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        cond = cond.add(if action.ends_with('.') {
            entry::Column::Action.starts_with(action)
        } else {
            entry::Column::Action.eq(action)
        });
    }
    if let Some(t) = f.entity_type.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(entry::Column::EntityType.eq(t));
    }
    if let Some(id) = f.entity_id.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(entry::Column::EntityId.eq(id));
    }
    if let Some(actor) = f.actor_user_id {
        cond = cond.add(entry::Column::ActorUserId.eq(actor));
    }
    if let Some(from) = f.from {
        cond = cond.add(entry::Column::At.gte(from));
    }
    if let Some(to) = f.to {
        cond = cond.add(entry::Column::At.lt(to));
    }
    let query = entry::Entity::find().filter(cond);
    let total = query.clone().count(&state.db).await?;
    let rows = query
        .order_by_desc(entry::Column::Id)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(&state.db)
        .await?;
    let users: HashMap<Uuid, (String, String)> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.actor_user_id)))
        .all(&state.db)
        .await?
        .into_iter()
        // A person's username is their 身份证号: lists show it masked.
        .map(|u| (u.id, (mask_login(&u.username), u.display_name)))
        .collect();
    let items = rows
        .into_iter()
        .map(|r| {
            let who = r.actor_user_id.and_then(|id| users.get(&id));
            AuditEntry {
                id: r.id,
                at: r.at,
                actor_user_id: r.actor_user_id,
                actor_username: who.map(|w| w.0.clone()),
                actor_name: who.map(|w| w.1.clone()),
                actor_role: r.actor_role,
                action: r.action,
                entity_type: r.entity_type,
                entity_id: r.entity_id,
                before: r.before,
                after: r.after,
                ip: r.ip,
            }
        })
        .collect();
    Ok(AuditPage {
        items,
        total,
        page,
        page_size,
    })
}
