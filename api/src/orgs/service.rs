//! Unit tree use cases: list and read within scope, create, edit, deactivate.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    Tier, credit_code,
    model::{AccountSummary, CreateUnit, PublicUnit, UnitDetail, UnitNode, UpdateUnit},
    unit,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{
        Permission, Principal,
        entities::{role_binding, user},
    },
    error::{AppError, AppResult},
    fields::{Checks, clean},
    people::person,
};

/// Every unit the principal may see, as a flat list ordered for a tree (by path).
pub async fn list(
    state: &AppState,
    p: &Principal,
    include_inactive: bool,
) -> AppResult<Vec<UnitNode>> {
    let scope = p.scope(Permission::UnitView)?;
    let mut query = unit::Entity::find()
        .filter(scope.path_condition(unit::Column::Path))
        .order_by_asc(unit::Column::Path);
    if !include_inactive {
        query = query.filter(unit::Column::Active.eq(true));
    }
    let units = query.all(&state.db).await?;
    let counts = person_counts(&state.db, units.iter().map(|u| u.id).collect()).await?;
    Ok(units
        .into_iter()
        .map(|u| {
            let n = counts.get(&u.id).copied().unwrap_or(0);
            node(u, n)
        })
        .collect())
}

pub async fn detail(state: &AppState, p: &Principal, id: Uuid) -> AppResult<UnitDetail> {
    let u = find(&state.db, id).await?;
    p.scope_over(Permission::UnitView, &u)?;
    let parent_name = match u.parent_id {
        Some(pid) => unit::Entity::find_by_id(pid)
            .one(&state.db)
            .await?
            .map(|p| p.name),
        None => None,
    };
    let accounts = if p
        .scope(Permission::AccountView)
        .is_ok_and(|s| s.contains(&u.path))
    {
        accounts_of(&state.db, &u).await?
    } else {
        Vec::new()
    };
    let count = person_counts(&state.db, vec![u.id])
        .await?
        .get(&u.id)
        .copied()
        .unwrap_or(0);
    Ok(UnitDetail {
        parent_name,
        address: u.address.clone(),
        contact_name: u.contact_name.clone(),
        contact_phone: u.contact_phone.clone(),
        code_override_reason: u.code_override_reason.clone(),
        created_at: u.created_at,
        accounts,
        node: node(u, count),
    })
}

pub async fn create(state: &AppState, p: &Principal, input: CreateUnit) -> AppResult<UnitDetail> {
    let parent = find(&state.db, input.parent_id).await?;
    let scope = p.scope_over(Permission::UnitCreate, &parent)?;
    let tier = match parent.tier {
        Tier::Province => Tier::Second,
        Tier::Second => Tier::Third,
        Tier::Third => {
            return Err(AppError::invalid(
                "parent_id",
                "too_deep",
                "三级单位下不能再设下级单位",
            ));
        }
    };
    if !parent.active {
        return Err(AppError::invalid("parent_id", "inactive", "上级单位已停用"));
    }

    let mut checks = Checks::new();
    let name = checks.text("name", "单位名称", &input.name, 100);
    let address = checks.optional_text("address", "单位地址", input.address.as_deref(), 200);
    let contact_name =
        checks.optional_text("contact_name", "联系人", input.contact_name.as_deref(), 30);
    let contact_phone = checks.contact_phone("contact_phone", input.contact_phone.as_deref());
    let override_reason = checks.optional_text(
        "code_override_reason",
        "原因",
        input.code_override_reason.as_deref(),
        200,
    );
    let code = check_code(
        &mut checks,
        &input.code,
        p.scope(Permission::UnitCodeOverride).is_ok(),
        override_reason.is_some(),
    );
    checks.finish()?;
    if unit::Entity::find()
        .filter(unit::Column::Code.eq(&code))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(AppError::conflict(
            "duplicate_code",
            "该单位代码已登记，不能重复添加",
        ));
    }

    let id = Uuid::now_v7();
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let row = unit::ActiveModel {
        id: Set(id),
        name: Set(name),
        code: Set(code.clone()),
        tier: Set(tier),
        parent_id: Set(Some(parent.id)),
        path: Set(unit::path_of(Some(&parent.path), id)),
        // Only a code that actually failed its checksum keeps the override reason.
        code_override_reason: Set(override_reason.filter(|_| !credit_code::is_valid_code(&code))),
        address: Set(address),
        contact_name: Set(contact_name),
        contact_phone: Set(contact_phone),
        second_confirms: Set(input.second_confirms.unwrap_or(true)),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    Audit::new("unit.created", "unit")
        .entity(row.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(unit_json(&row))
        .scope(&row.path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    detail(state, p, id).await
}

pub async fn update(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: UpdateUnit,
) -> AppResult<UnitDetail> {
    let u = find(&state.db, id).await?;
    let scope = p.scope_over(Permission::UnitEdit, &u)?;
    let mut checks = Checks::new();
    let mut row: unit::ActiveModel = u.clone().into();
    if let Some(name) = &input.name {
        row.name = Set(checks.text("name", "单位名称", name, 100));
    }
    if input.address.is_some() {
        row.address =
            Set(checks.optional_text("address", "单位地址", input.address.as_deref(), 200));
    }
    if input.contact_name.is_some() {
        row.contact_name =
            Set(checks.optional_text("contact_name", "联系人", input.contact_name.as_deref(), 30));
    }
    if input.contact_phone.is_some() {
        row.contact_phone =
            Set(checks.contact_phone("contact_phone", input.contact_phone.as_deref()));
    }
    if let Some(flag) = input.second_confirms {
        if u.tier != Tier::Second {
            checks.fail(
                "second_confirms",
                "not_second",
                "只有二级单位可以设置是否确认三级单位的认定",
            );
        }
        row.second_confirms = Set(flag);
    }
    checks.finish()?;
    row.updated_at = Set(Utc::now());
    let txn = state.db.begin().await?;
    let updated = row.update(&txn).await?;
    Audit::new("unit.updated", "unit")
        .entity(u.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .before(unit_json(&u))
        .after(unit_json(&updated))
        .scope(&u.path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    detail(state, p, id).await
}

/// Units are never deleted: a unit with history is deactivated, with the reason audited.
pub async fn set_active(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    active: bool,
    reason: Option<String>,
) -> AppResult<UnitDetail> {
    let u = find(&state.db, id).await?;
    // Seeing the unit but not being allowed to (de)activate it is a 403, not a 404.
    p.scope_over(Permission::UnitView, &u)?;
    let scope = p.scope(Permission::UnitDeactivate)?;
    if !scope.contains(&u.path) || u.tier == Tier::Province {
        return Err(AppError::forbidden(
            "forbidden",
            "您没有停用或启用该单位的权限",
        ));
    }
    let mut checks = Checks::new();
    let reason = if active {
        reason.map(|r| clean(&r))
    } else {
        Some(checks.text(
            "reason",
            "停用原因",
            reason.as_deref().unwrap_or_default(),
            200,
        ))
    };
    checks.finish()?;
    if !active {
        let active_children = unit::Entity::find()
            .filter(unit::Column::ParentId.eq(u.id))
            .filter(unit::Column::Active.eq(true))
            .count(&state.db)
            .await?;
        if active_children > 0 {
            return Err(AppError::conflict(
                "has_active_children",
                "该单位下还有启用的下级单位，请先停用下级单位",
            ));
        }
    } else if let Some(parent_id) = u.parent_id
        && !find(&state.db, parent_id).await?.active
    {
        return Err(AppError::conflict(
            "parent_inactive",
            "上级单位已停用，请先启用上级单位",
        ));
    }
    if u.active == active {
        return detail(state, p, id).await;
    }
    let txn = state.db.begin().await?;
    let mut row: unit::ActiveModel = u.clone().into();
    row.active = Set(active);
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    Audit::new(
        if active {
            "unit.activated"
        } else {
            "unit.deactivated"
        },
        "unit",
    )
    .entity(u.id)
    .actor(p.user.id)
    .role(scope.role, scope.unit_id)
    .before(json!({ "active": u.active }))
    .after(json!({ "active": active, "reason": reason }))
    .scope(&u.path)
    .ip(p.ip.clone())
    .save(&txn)
    .await?;
    txn.commit().await?;
    detail(state, p, id).await
}

/// Active units a person may pick when registering (no login needed): names only.
pub async fn public_search(db: &DatabaseConnection, q: &str) -> AppResult<Vec<PublicUnit>> {
    let q = clean(q);
    let mut query = unit::Entity::find()
        .filter(unit::Column::Active.eq(true))
        .filter(unit::Column::Tier.ne(Tier::Province))
        .order_by_asc(unit::Column::Path)
        .limit(30);
    if !q.is_empty() {
        query = query.filter(unit::Column::Name.contains(&q));
    }
    let units = query.all(db).await?;
    let parents: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(units.iter().filter_map(|u| u.parent_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(units
        .into_iter()
        .map(|u| PublicUnit {
            parent_name: u.parent_id.and_then(|id| parents.get(&id).cloned()),
            id: u.id,
            name: u.name,
            tier: u.tier,
        })
        .collect())
}

pub async fn find(db: &DatabaseConnection, id: Uuid) -> AppResult<unit::Model> {
    unit::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Normalizes and checks a unit code. A USCC checksum failure is a warning only 省学时办 may
/// override, with a reason; a malformed code or a bad 组织机构代码 is always refused.
fn check_code(checks: &mut Checks, raw: &str, may_override: bool, has_reason: bool) -> String {
    let code: String = clean(raw)
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    match code.len() {
        18 if credit_code::is_valid_uscc(&code) => {}
        18 if credit_code::is_uscc_shaped(&code) => {
            if !(may_override && has_reason) {
                let hint = if may_override {
                    "；如确属早期试点代码，请填写原因后保存"
                } else {
                    "；如确属早期试点代码，请联系省学时办登记"
                };
                checks.fail(
                    "code",
                    "uscc_checksum",
                    format!("统一社会信用代码校验位不正确{hint}"),
                );
            }
        }
        18 => checks.fail(
            "code",
            "uscc_format",
            "统一社会信用代码格式不正确（18 位，不含 I、O、S、V、Z）",
        ),
        9 if credit_code::is_valid_org_code(&code) => {}
        9 => checks.fail("code", "org_code_checksum", "组织机构代码校验位不正确"),
        0 => checks.fail("code", "required", "请填写统一社会信用代码或组织机构代码"),
        _ => checks.fail(
            "code",
            "code_length",
            "单位代码应为 18 位统一社会信用代码或 9 位组织机构代码",
        ),
    }
    code
}

async fn person_counts(
    db: &DatabaseConnection,
    unit_ids: Vec<Uuid>,
) -> AppResult<HashMap<Uuid, u64>> {
    #[derive(FromQueryResult)]
    struct Row {
        unit_id: Uuid,
        n: i64,
    }
    let rows = person::Entity::find()
        .select_only()
        .column(person::Column::UnitId)
        .column_as(person::Column::Id.count(), "n")
        .filter(person::Column::UnitId.is_in(unit_ids))
        .group_by(person::Column::UnitId)
        .into_model::<Row>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.unit_id, r.n.max(0) as u64))
        .collect())
}

async fn accounts_of(db: &DatabaseConnection, u: &unit::Model) -> AppResult<Vec<AccountSummary>> {
    let bindings = role_binding::Entity::find()
        .filter(role_binding::Column::UnitId.eq(u.id))
        .filter(role_binding::Column::Role.ne(crate::auth::Role::Person))
        .all(db)
        .await?;
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(bindings.iter().map(|b| b.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(bindings
        .into_iter()
        .filter_map(|b| {
            users.get(&b.user_id).map(|usr| AccountSummary {
                id: usr.id,
                username: usr.username.clone(),
                display_name: usr.display_name.clone(),
                role: b.role,
                role_name: b.role.display_name(Some(u.tier)).into(),
                disabled: usr.disabled,
                pending_activation: usr.must_change_password,
            })
        })
        .collect())
}

fn node(u: unit::Model, person_count: u64) -> UnitNode {
    UnitNode {
        id: u.id,
        parent_id: u.parent_id,
        name: u.name,
        code: u.code,
        tier: u.tier,
        active: u.active,
        second_confirms: u.second_confirms,
        person_count,
    }
}

fn unit_json(u: &unit::Model) -> serde_json::Value {
    json!({
        "name": u.name, "code": u.code, "tier": u.tier, "parent_id": u.parent_id,
        "address": u.address, "contact_name": u.contact_name, "contact_phone": u.contact_phone,
        "second_confirms": u.second_confirms, "active": u.active,
        "code_override_reason": u.code_override_reason,
    })
}
