//! The system administrator's side of the integration: platforms and their keys. A key is
//! shown once; rotation issues a new one and lets the old ones work for an overlap, so the
//! platform can switch without a gap; revocation stops a key at once.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    entity::{call, client, key, record},
    keys,
    model::{ClientInput, ClientView, IssuedKey, KeyView, RotateInput},
    only,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal, Scope},
    error::{AppError, AppResult},
    fields::Checks,
};

fn key_view(k: key::Model, now: chrono::DateTime<Utc>) -> KeyView {
    let status = if k.revoked_at.is_some() {
        "revoked"
    } else if k.expires_at.is_some_and(|e| e <= now) {
        "expired"
    } else if k.expires_at.is_some() {
        "expiring"
    } else {
        "active"
    };
    KeyView {
        id: k.id,
        prefix: k.prefix,
        created_at: k.created_at,
        expires_at: k.expires_at,
        revoked_at: k.revoked_at,
        last_used_at: k.last_used_at,
        status: status.into(),
    }
}

async fn views(
    db: &impl ConnectionTrait,
    clients: Vec<client::Model>,
) -> AppResult<Vec<ClientView>> {
    let ids: Vec<Uuid> = clients.iter().map(|c| c.id).collect();
    let mut keys: HashMap<Uuid, Vec<key::Model>> = HashMap::new();
    for k in key::Entity::find()
        .filter(key::Column::ClientId.is_in(ids.clone()))
        .order_by_desc(key::Column::CreatedAt)
        .all(db)
        .await?
    {
        keys.entry(k.client_id).or_default().push(k);
    }
    let now = Utc::now();
    let mut out = Vec::with_capacity(clients.len());
    for c in clients {
        let count = |state: Option<&'static str>| {
            let mut q = record::Entity::find().filter(record::Column::ClientId.eq(c.id));
            if let Some(s) = state {
                q = q.filter(record::Column::State.eq(s));
            }
            q.count(db)
        };
        let last_call_at: Option<chrono::DateTime<Utc>> = call::Entity::find()
            .select_only()
            .column(call::Column::At)
            .filter(call::Column::ClientId.eq(c.id))
            .order_by_desc(call::Column::At)
            .into_tuple()
            .one(db)
            .await?;
        out.push(ClientView {
            records: count(None).await?,
            unmatched: count(Some(record::UNMATCHED)).await?,
            last_call_at,
            keys: keys
                .remove(&c.id)
                .unwrap_or_default()
                .into_iter()
                .map(|k| key_view(k, now))
                .collect(),
            id: c.id,
            name: c.name,
            note: c.note,
            created_at: c.created_at,
        });
    }
    Ok(out)
}

/// Platforms with their keys: the system administrator manages them, 省学时办 sees them
/// to filter records.
pub async fn list(state: &AppState, p: &Principal) -> AppResult<Vec<ClientView>> {
    if p.scope(Permission::SyncClientManage).is_err() {
        p.scope(Permission::SyncView)?;
    }
    let clients = client::Entity::find()
        .order_by_asc(client::Column::CreatedAt)
        .all(&state.db)
        .await?;
    views(&state.db, clients).await
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> AppResult<client::Model> {
    client::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn audit(scope: &Scope, p: &Principal, action: &str, id: Uuid) -> Audit {
    Audit::new(action, "sync_client")
        .entity(id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .ip(p.ip.clone())
}

/// Registers a platform and issues its first key.
pub async fn create(state: &AppState, p: &Principal, input: ClientInput) -> AppResult<IssuedKey> {
    let scope = p.scope(Permission::SyncClientManage)?;
    let mut checks = Checks::new();
    let name = checks.text("name", "平台名称", &input.name, 100);
    let note = checks.optional_text("note", "说明", input.note.as_deref(), 500);
    checks.finish()?;
    if client::Entity::find()
        .filter(client::Column::Name.eq(name.clone()))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(AppError::invalid(
            "name",
            "duplicate_name",
            "已有同名的对接平台",
        ));
    }
    let txn = state.db.begin().await?;
    let row = client::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.clone()),
        note: Set(note),
        created_by: Set(p.user.id),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    let (api_key, k) = keys::generate(row.id, p.user.id);
    let k = k.insert(&txn).await?;
    audit(&scope, p, "sync.client_created", row.id)
        .after(json!({ "name": name, "key_prefix": k.prefix }))
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(IssuedKey {
        client: only(views(&state.db, vec![row]).await?)?,
        key_id: k.id,
        api_key,
    })
}

/// Issues a new key; the usable keys so far keep working for the overlap, then expire.
pub async fn rotate(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: RotateInput,
) -> AppResult<IssuedKey> {
    let scope = p.scope(Permission::SyncClientManage)?;
    let overlap = input.overlap_hours.unwrap_or(24);
    if !(0..=720).contains(&overlap) {
        return Err(AppError::invalid(
            "overlap_hours",
            "out_of_range",
            "新旧密钥并用时间应为 0–720 小时",
        ));
    }
    let c = find(&state.db, id).await?;
    let now = Utc::now();
    let until = now + Duration::hours(overlap);
    let txn = state.db.begin().await?;
    // Keys that would outlive the overlap now end with it; sooner ends stay.
    key::Entity::update_many()
        .col_expr(key::Column::ExpiresAt, Expr::value(until))
        .filter(key::Column::ClientId.eq(id))
        .filter(key::Column::RevokedAt.is_null())
        .filter(
            sea_orm::Condition::any()
                .add(key::Column::ExpiresAt.is_null())
                .add(key::Column::ExpiresAt.gt(until)),
        )
        .exec(&txn)
        .await?;
    let (api_key, k) = keys::generate(id, p.user.id);
    let k = k.insert(&txn).await?;
    audit(&scope, p, "sync.key_rotated", id)
        .after(json!({ "name": c.name, "key_prefix": k.prefix, "old_keys_expire_at": until }))
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(IssuedKey {
        client: only(views(&state.db, vec![c]).await?)?,
        key_id: k.id,
        api_key,
    })
}

/// Stops a key at once.
pub async fn revoke(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    key_id: Uuid,
) -> AppResult<ClientView> {
    let scope = p.scope(Permission::SyncClientManage)?;
    let c = find(&state.db, id).await?;
    let k = key::Entity::find_by_id(key_id)
        .one(&state.db)
        .await?
        .filter(|k| k.client_id == id)
        .ok_or(AppError::NotFound)?;
    if k.revoked_at.is_none() {
        let txn = state.db.begin().await?;
        let mut a: key::ActiveModel = k.clone().into();
        a.revoked_at = Set(Some(Utc::now()));
        a.update(&txn).await?;
        audit(&scope, p, "sync.key_revoked", id)
            .after(json!({ "name": c.name, "key_prefix": k.prefix }))
            .save(&txn)
            .await?;
        txn.commit().await?;
    }
    only(views(&state.db, vec![c]).await?)
}
