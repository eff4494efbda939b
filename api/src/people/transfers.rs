//! Transfers between units: the old unit releases, the new unit accepts. Either side may
//! start; the move happens, with every hour and claim staying with the person, when both
//! have acted.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    mask_id_str,
    model::{ReleaseRequest, TransferRequest, TransferView},
    person,
    service::find_in_scope,
    transfer,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{
        Permission, Principal, Role,
        entities::{role_binding, user},
    },
    error::{AppError, AppResult},
    fields::{Checks, clean},
    orgs::{Tier, service::find as find_unit, unit},
};

const PENDING: &str = "pending";

/// The person's current unit releases them to another unit.
pub async fn release_to(
    state: &AppState,
    p: &Principal,
    person_id: Uuid,
    input: ReleaseRequest,
) -> AppResult<TransferView> {
    let (person, from) = find_in_scope(&state.db, p, Permission::PersonTransfer, person_id).await?;
    let to = target_unit(&state.db, input.to_unit_id, from.id).await?;
    start(state, p, person, from, to, input.reason, Side::From).await
}

/// The new unit asks for a person of another unit, by 身份证号.
pub async fn request(
    state: &AppState,
    p: &Principal,
    input: TransferRequest,
) -> AppResult<TransferView> {
    let to = find_unit(&state.db, input.to_unit_id).await?;
    p.scope_over(Permission::PersonTransfer, &to)?;
    let mut checks = Checks::new();
    let id = checks.id_number("id_number", &input.id_number);
    checks.finish()?;
    let id = id.ok_or_else(|| AppError::invalid("id_number", "invalid", "身份证号不正确"))?;
    let person = person::Entity::find()
        .filter(person::Column::IdNumber.eq(id.as_str()))
        .one(&state.db)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "id_number",
                "unknown_person",
                "系统中没有该身份证号的人员，请直接新增",
            )
        })?;
    let from = match person.unit_id {
        Some(uid) => find_unit(&state.db, uid).await?,
        None => {
            return Err(AppError::invalid(
                "id_number",
                "no_unit",
                "该人员当前没有所属单位，请直接新增",
            ));
        }
    };
    let to = target_unit(&state.db, to.id, from.id).await?;
    start(state, p, person, from, to, input.reason, Side::To).await
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    From,
    To,
}

async fn target_unit(
    db: &DatabaseConnection,
    to_id: Uuid,
    from_id: Uuid,
) -> AppResult<unit::Model> {
    let to = unit::Entity::find_by_id(to_id).one(db).await?;
    match to {
        Some(u) if u.id == from_id => Err(AppError::invalid(
            "to_unit_id",
            "same_unit",
            "调入单位与当前单位相同",
        )),
        Some(u) if u.active && u.tier != Tier::Province => Ok(u),
        _ => Err(AppError::invalid(
            "to_unit_id",
            "invalid_unit",
            "请选择启用中的调入单位",
        )),
    }
}

async fn start(
    state: &AppState,
    p: &Principal,
    person: person::Model,
    from: unit::Model,
    to: unit::Model,
    reason: Option<String>,
    side: Side,
) -> AppResult<TransferView> {
    let existing = transfer::Entity::find()
        .filter(transfer::Column::PersonId.eq(person.id))
        .filter(transfer::Column::Status.eq(PENDING))
        .one(&state.db)
        .await?;
    if existing.is_some() {
        return Err(AppError::conflict(
            "transfer_pending",
            "该人员已有进行中的调动，请先处理或撤销",
        ));
    }
    let scope = p.scope(Permission::PersonTransfer)?;
    let now = Utc::now();
    let reason = reason.map(|r| clean(&r)).filter(|r| !r.is_empty());
    let txn = state.db.begin().await?;
    let row = transfer::ActiveModel {
        id: Set(Uuid::now_v7()),
        person_id: Set(person.id),
        from_unit_id: Set(from.id),
        to_unit_id: Set(to.id),
        status: Set(PENDING.into()),
        released_by: Set((side == Side::From).then_some(p.user.id)),
        released_at: Set((side == Side::From).then_some(now)),
        accepted_by: Set((side == Side::To).then_some(p.user.id)),
        accepted_at: Set((side == Side::To).then_some(now)),
        reason: Set(reason),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    // One row per side, so each unit's subtree sees the transfer in its audit log.
    for u in [&from, &to] {
        Audit::new("transfer.started", "transfer")
            .entity(row.id)
            .actor(p.user.id)
            .role(scope.role, scope.unit_id)
            .after(json!({ "person": mask_id_str(&person.id_number), "from": from.name, "to": to.name }))
            .scope(&u.path)
            .ip(p.ip.clone())
            .save(&txn)
            .await?;
    }
    txn.commit().await?;
    one_view(&state.db, row).await
}

/// The other side acts: the old unit releases, or the new unit accepts. Completes the move.
pub async fn act(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    action: &str,
) -> AppResult<TransferView> {
    let t = transfer::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = find_unit(&state.db, t.from_unit_id).await?;
    let to = find_unit(&state.db, t.to_unit_id).await?;
    let scope = p.scope(Permission::PersonTransfer)?;
    let (on_from, on_to) = (scope.contains(&from.path), scope.contains(&to.path));
    if !on_from && !on_to {
        return Err(AppError::NotFound);
    }
    if t.status != PENDING {
        return Err(AppError::conflict("transfer_closed", "该调动已结束"));
    }
    let now = Utc::now();
    let mut row: transfer::ActiveModel = t.clone().into();
    match action {
        "release" if on_from && t.released_at.is_none() => {
            row.released_by = Set(Some(p.user.id));
            row.released_at = Set(Some(now));
        }
        "accept" if on_to && t.accepted_at.is_none() => {
            row.accepted_by = Set(Some(p.user.id));
            row.accepted_at = Set(Some(now));
        }
        "cancel" => row.status = Set("cancelled".into()),
        "release" | "accept" => {
            return Err(AppError::conflict(
                "transfer_wrong_side",
                "该操作应由另一方单位办理",
            ));
        }
        _ => return Err(AppError::NotFound),
    }
    let complete = action != "cancel";
    if complete {
        row.status = Set("completed".into());
    }
    let txn = state.db.begin().await?;
    let updated = row.update(&txn).await?;
    if complete {
        // The person moves; hours, claims and history stay attached to the person.
        person::Entity::update_many()
            .col_expr(person::Column::UnitId, Expr::value(to.id))
            .col_expr(person::Column::Affiliation, Expr::value(person::CONFIRMED))
            .col_expr(person::Column::ConfirmedAt, Expr::value(now))
            .col_expr(person::Column::UpdatedAt, Expr::value(now))
            .filter(person::Column::Id.eq(t.person_id))
            .exec(&txn)
            .await?;
        let users = user::Entity::find()
            .filter(user::Column::PersonId.eq(t.person_id))
            .all(&txn)
            .await?;
        role_binding::Entity::update_many()
            .col_expr(role_binding::Column::UnitId, Expr::value(to.id))
            .filter(role_binding::Column::UserId.is_in(users.iter().map(|u| u.id)))
            .filter(role_binding::Column::Role.eq(Role::Person))
            .exec(&txn)
            .await?;
    }
    for u in [&from, &to] {
        Audit::new(
            &format!(
                "transfer.{}",
                if complete { "completed" } else { "cancelled" }
            ),
            "transfer",
        )
        .entity(id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .before(json!({ "status": t.status }))
        .after(
            json!({ "status": updated.status, "action": action, "from": from.name, "to": to.name }),
        )
        .scope(&u.path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    }
    txn.commit().await?;
    one_view(&state.db, updated).await
}

/// Pending transfers into or out of the caller's scope.
pub async fn list(state: &AppState, p: &Principal) -> AppResult<Vec<TransferView>> {
    let scope = p.scope(Permission::PersonTransfer)?;
    let units: Vec<Uuid> = unit::Entity::find()
        .filter(scope.path_condition(unit::Column::Path))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let rows = transfer::Entity::find()
        .filter(transfer::Column::Status.eq(PENDING))
        .filter(
            Condition::any()
                .add(transfer::Column::FromUnitId.is_in(units.clone()))
                .add(transfer::Column::ToUnitId.is_in(units)),
        )
        .order_by_desc(transfer::Column::CreatedAt)
        .all(&state.db)
        .await?;
    views(&state.db, rows).await
}

async fn one_view(db: &DatabaseConnection, t: transfer::Model) -> AppResult<TransferView> {
    views(db, vec![t]).await?.pop().ok_or(AppError::NotFound)
}

pub async fn views(
    db: &DatabaseConnection,
    rows: Vec<transfer::Model>,
) -> AppResult<Vec<TransferView>> {
    let persons: HashMap<Uuid, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().map(|t| t.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let unit_ids = rows.iter().flat_map(|t| [t.from_unit_id, t.to_unit_id]);
    let units: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|t| {
            let person = persons.get(&t.person_id);
            TransferView {
                id: t.id,
                person_id: t.person_id,
                person_name: person.map(|p| p.name.clone()).unwrap_or_default(),
                id_number_masked: person
                    .map(|p| mask_id_str(&p.id_number))
                    .unwrap_or_default(),
                from_unit_id: t.from_unit_id,
                from_unit_name: units.get(&t.from_unit_id).cloned().unwrap_or_default(),
                to_unit_id: t.to_unit_id,
                to_unit_name: units.get(&t.to_unit_id).cloned().unwrap_or_default(),
                status: t.status,
                released: t.released_at.is_some(),
                accepted: t.accepted_at.is_some(),
                reason: t.reason,
                created_at: t.created_at,
            }
        })
        .collect())
}
