//! Person use cases: list and read within scope, create, edit, confirm the affiliation,
//! self-registration.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait, sea_query::Query,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    IdNumber, mask_id_str, mask_phone,
    model::{
        CreatePerson, PersonAccount, PersonDetail, PersonFilter, PersonPage, PersonSummary,
        Registration, UpdatePerson,
    },
    person,
    title::{CheckedTitle, TitleBook},
    transfer,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{
        Permission, Principal, Role, Scope,
        accounts::{bind, insert_user},
        entities::user,
        password,
    },
    error::{AppError, AppResult},
    fields::{Checks, paging},
    orgs::{Tier, service::find as find_unit, unit},
};

/// The checked fields of a person, as the create form, an update and an import row share.
pub struct PersonFields {
    pub id_number: IdNumber,
    pub name: String,
    pub phone: Option<String>,
    pub title: CheckedTitle,
    pub is_provincial: bool,
}

/// Checks every field of a new person and reports all problems at once.
pub fn check_new(
    checks: &mut Checks,
    input: &CreatePerson,
    titles: &TitleBook,
) -> Option<PersonFields> {
    let id = checks.id_number("id_number", &input.id_number);
    let name = checks.person_name("name", &input.name);
    let phone = checks.mobile("phone", input.phone.as_deref(), false);
    if let (Some(id), Some(g)) = (&id, input.gender.as_deref()) {
        check_gender(checks, id, g);
    }
    let title = match titles.check(
        input.title_series.as_deref(),
        input.title_level.as_deref(),
        input.title_name.as_deref(),
    ) {
        Ok(t) => t,
        Err((field, msg)) => {
            checks.fail(field, "invalid_title", msg);
            CheckedTitle::default()
        }
    };
    Some(PersonFields {
        id_number: id?,
        name,
        phone,
        title,
        is_provincial: input.is_provincial.unwrap_or(true),
    })
}

/// 性别 must agree with the ID's 17th digit (odd male, even female).
pub fn check_gender(checks: &mut Checks, id: &IdNumber, given: &str) {
    let code = match given.trim() {
        "M" | "m" | "男" => "M",
        "F" | "f" | "女" => "F",
        "" => return,
        _ => {
            checks.fail("gender", "invalid_gender", "性别应为“男”或“女”");
            return;
        }
    };
    if code != id.gender().code() {
        checks.fail("gender", "gender_mismatch", "性别与身份证号第 17 位不符");
    }
}

pub async fn list(state: &AppState, p: &Principal, f: PersonFilter) -> AppResult<PersonPage> {
    let scope = p.scope(Permission::PersonView)?;
    let (page, page_size) = paging(f.page, f.page_size);
    let query = person::Entity::find().filter(filter_condition(&state.db, &scope, &f).await?);
    let total = query.clone().count(&state.db).await?;
    let rows = query
        .order_by_desc(person::Column::CreatedAt)
        .order_by_asc(person::Column::Id)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(&state.db)
        .await?;
    Ok(PersonPage {
        items: summaries(&state.db, rows).await?,
        total,
        page,
        page_size,
    })
}

/// The list filter as one condition; the scope is always part of it.
pub async fn filter_condition(
    db: &DatabaseConnection,
    scope: &Scope,
    f: &PersonFilter,
) -> AppResult<Condition> {
    let mut units = scope.path_condition(unit::Column::Path);
    if let Some(unit_id) = f.unit_id {
        let u = find_unit(db, unit_id).await?;
        units = units.add(unit::in_subtree(unit::Column::Path, &u.path));
    }
    let mut cond = Condition::all().add(
        person::Column::UnitId.in_subquery(
            Query::select()
                .column(unit::Column::Id)
                .from(unit::Entity)
                .cond_where(units)
                .to_owned(),
        ),
    );
    if let Some(name) = f.name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        cond = cond.add(person::Column::Name.contains(name));
    }
    if let Some(id) = f
        .id_number
        .as_deref()
        .map(|s| s.trim().to_uppercase())
        .filter(|s| !s.is_empty())
    {
        cond = cond.add(person::Column::IdNumber.starts_with(&id));
    }
    if let Some(level) = f.title_level.as_deref().and_then(super::title::level_code) {
        cond = cond.add(person::Column::TitleLevel.eq(level));
    }
    if let Some(flag) = f.is_provincial {
        cond = cond.add(person::Column::IsProvincial.eq(flag));
    }
    if let Some(a) = f.affiliation.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(person::Column::Affiliation.eq(a));
    }
    Ok(cond)
}

pub async fn detail(state: &AppState, p: &Principal, id: Uuid) -> AppResult<PersonDetail> {
    let (person, _) = find_in_scope(&state.db, p, Permission::PersonView, id).await?;
    detail_of(&state.db, person).await
}

pub async fn create(
    state: &AppState,
    p: &Principal,
    input: CreatePerson,
) -> AppResult<PersonDetail> {
    let u = find_unit(&state.db, input.unit_id).await?;
    let scope = p.scope_over(Permission::PersonManage, &u)?;
    if !u.active || u.tier == Tier::Province {
        return Err(AppError::invalid(
            "unit_id",
            "invalid_unit",
            "请选择启用中的二级或三级单位",
        ));
    }
    let titles = TitleBook::load(&state.db).await?;
    let mut checks = Checks::new();
    let fields = check_new(&mut checks, &input, &titles);
    checks.finish()?;
    let Some(fields) = fields else {
        return Err(AppError::invalid("id_number", "invalid", "身份证号不正确"));
    };
    if let Some(existing) = person::Entity::find()
        .filter(person::Column::IdNumber.eq(fields.id_number.as_str()))
        .one(&state.db)
        .await?
    {
        return Err(if existing.unit_id == Some(u.id) {
            AppError::conflict("duplicate_person", "该身份证号已在本单位登记")
        } else {
            AppError::conflict(
                "person_in_other_unit",
                "该身份证号已在其他单位登记，请发起人员调入（原单位放行后生效）",
            )
        });
    }
    let txn = state.db.begin().await?;
    let row = insert_person(&txn, &fields, u.id, person::CONFIRMED, Some(p.user.id)).await?;
    // Online hours parked for this 身份证号 now have their person.
    crate::sync::records::adopt(&txn, std::slice::from_ref(&row.id_number)).await?;
    Audit::new("person.created", "person")
        .entity(row.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .after(person_json(&row))
        .scope(&u.path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    detail_of(&state.db, row).await
}

pub async fn insert_person(
    conn: &impl ConnectionTrait,
    f: &PersonFields,
    unit_id: Uuid,
    affiliation: &str,
    confirmed_by: Option<Uuid>,
) -> Result<person::Model, sea_orm::DbErr> {
    new_person(f, unit_id, affiliation, confirmed_by, Utc::now())
        .insert(conn)
        .await
}

/// The row of a new person; `confirmed_by` counts only when the affiliation is confirmed.
pub fn new_person(
    f: &PersonFields,
    unit_id: Uuid,
    affiliation: &str,
    confirmed_by: Option<Uuid>,
    now: chrono::DateTime<Utc>,
) -> person::ActiveModel {
    let confirmed = affiliation == person::CONFIRMED;
    person::ActiveModel {
        id: Set(Uuid::now_v7()),
        id_number: Set(f.id_number.as_str().to_owned()),
        name: Set(f.name.clone()),
        gender: Set(f.id_number.gender().code().into()),
        birth_date: Set(f.id_number.birth_date()),
        phone: Set(f.phone.clone()),
        unit_id: Set(Some(unit_id)),
        title_series: Set(f.title.series.clone()),
        title_level: Set(f.title.level.clone()),
        title_name: Set(f.title.name.clone()),
        is_provincial: Set(f.is_provincial),
        affiliation: Set(affiliation.into()),
        confirmed_at: Set(confirmed.then_some(now)),
        confirmed_by: Set(confirmed_by.filter(|_| confirmed)),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

pub async fn update(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: UpdatePerson,
) -> AppResult<PersonDetail> {
    let (before, u) = find_in_scope(&state.db, p, Permission::PersonManage, id).await?;
    let scope = p.scope(Permission::PersonManage)?;
    let locked = before.affiliation == person::CONFIRMED;
    let mut checks = Checks::new();
    let mut row: person::ActiveModel = before.clone().into();
    if let Some(raw) = &input.id_number
        && let Some(id) = checks.id_number("id_number", raw)
        && id.as_str() != before.id_number
    {
        if locked {
            checks.fail("id_number", "locked", "单位已确认该人员，身份证号不能修改");
        } else {
            row.gender = Set(id.gender().code().into());
            row.birth_date = Set(id.birth_date());
            row.id_number = Set(id.as_str().to_owned());
        }
    }
    if let Some(raw) = &input.name {
        let name = checks.person_name("name", raw);
        if name != before.name {
            if locked {
                checks.fail("name", "locked", "单位已确认该人员，姓名不能修改");
            } else {
                row.name = Set(name);
            }
        }
    }
    if input.phone.is_some() {
        row.phone = Set(checks.mobile("phone", input.phone.as_deref(), false));
    }
    if input.title_series.is_some() || input.title_level.is_some() || input.title_name.is_some() {
        let titles = TitleBook::load(&state.db).await?;
        match titles.check(
            input.title_series.as_deref(),
            input.title_level.as_deref(),
            input.title_name.as_deref(),
        ) {
            Ok(t) => {
                row.title_series = Set(t.series);
                row.title_level = Set(t.level);
                row.title_name = Set(t.name);
            }
            Err((field, msg)) => checks.fail(field, "invalid_title", msg),
        }
    }
    if let Some(flag) = input.is_provincial {
        row.is_provincial = Set(flag);
    }
    checks.finish()?;
    row.updated_at = Set(Utc::now());
    let txn = state.db.begin().await?;
    let after = row.update(&txn).await?;
    if after.name != before.name || after.id_number != before.id_number {
        // A corrected name or number may be what parked online hours were waiting for.
        crate::sync::records::adopt(&txn, std::slice::from_ref(&after.id_number)).await?;
    }
    Audit::new("person.updated", "person")
        .entity(id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .before(person_json(&before))
        .after(person_json(&after))
        .scope(&u.path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    detail_of(&state.db, after).await
}

/// The unit confirms (or refuses) that a self-registered person works there. Until then
/// the person can submit nothing.
pub async fn decide_affiliation(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    confirm: bool,
    reason: Option<String>,
) -> AppResult<PersonDetail> {
    let (before, u) = find_in_scope(&state.db, p, Permission::PersonConfirm, id).await?;
    let scope = p.scope(Permission::PersonConfirm)?;
    let mut checks = Checks::new();
    let reason = if confirm {
        None
    } else {
        Some(checks.text("reason", "原因", reason.as_deref().unwrap_or_default(), 200))
    };
    checks.finish()?;
    let target = if confirm {
        person::CONFIRMED
    } else {
        "rejected"
    };
    if before.affiliation == target {
        return detail_of(&state.db, before).await;
    }
    if before.affiliation != person::PENDING {
        return Err(AppError::conflict(
            "not_pending",
            "该人员的单位关系不是待确认状态",
        ));
    }
    let txn = state.db.begin().await?;
    let mut row: person::ActiveModel = before.clone().into();
    row.affiliation = Set(target.into());
    if confirm {
        row.confirmed_at = Set(Some(Utc::now()));
        row.confirmed_by = Set(Some(p.user.id));
    }
    row.updated_at = Set(Utc::now());
    let after = row.update(&txn).await?;
    Audit::new(
        if confirm {
            "person.affiliation_confirmed"
        } else {
            "person.affiliation_rejected"
        },
        "person",
    )
    .entity(id)
    .actor(p.user.id)
    .role(scope.role, scope.unit_id)
    .before(json!({ "affiliation": before.affiliation }))
    .after(json!({ "affiliation": target, "reason": reason }))
    .scope(&u.path)
    .ip(p.ip.clone())
    .save(&txn)
    .await?;
    txn.commit().await?;
    detail_of(&state.db, after).await
}

/// 个人注册: a person registers with 身份证号, name and phone, picks a unit, sets a password;
/// the unit must confirm before the person can submit anything.
pub async fn register(state: &AppState, input: Registration, ip: Option<String>) -> AppResult<()> {
    let mut checks = Checks::new();
    let id = checks.id_number("id_number", &input.id_number);
    let name = checks.person_name("name", &input.name);
    let phone = checks.mobile("phone", Some(&input.phone), true);
    if let Err(AppError::Invalid(fields)) = password::check_policy("password", &input.password)
        && let Some(f) = fields.first()
    {
        checks.fail(&f.field, &f.code, f.message.clone());
    }
    let u = unit::Entity::find_by_id(input.unit_id)
        .one(&state.db)
        .await?;
    let u = match u {
        Some(u) if u.active && u.tier != Tier::Province => Some(u),
        _ => {
            checks.fail("unit_id", "invalid_unit", "请选择所在单位");
            None
        }
    };
    checks.finish()?;
    let (Some(id), Some(u)) = (id, u) else {
        return Err(AppError::invalid("id_number", "invalid", "身份证号不正确"));
    };
    let existing = person::Entity::find()
        .filter(person::Column::IdNumber.eq(id.as_str()))
        .one(&state.db)
        .await?;
    // Known only from a class roster: registration adopts the row, and its hours with it.
    let adopt = existing
        .as_ref()
        .filter(|e| e.affiliation == crate::classes::roster::service::UNREGISTERED)
        .cloned();
    if existing.is_some() && adopt.is_none() {
        return Err(AppError::conflict(
            "already_registered",
            "该身份证号已登记，请直接登录；如未设置密码，请联系单位管理员获取激活码",
        ));
    }
    if let Some(phone) = &phone
        && person::Entity::find()
            .filter(person::Column::Phone.eq(phone))
            .count(&state.db)
            .await?
            > 0
    {
        return Err(AppError::invalid(
            "phone",
            "phone_taken",
            "该手机号已被其他人员使用",
        ));
    }
    let hash = password::hash_blocking(input.password).await?;
    let fields = PersonFields {
        id_number: id,
        name,
        phone,
        title: CheckedTitle::default(),
        is_provincial: true,
    };
    let txn = state.db.begin().await?;
    let row = match adopt {
        Some(known) => {
            let mut a: person::ActiveModel = known.into();
            a.name = Set(fields.name.clone());
            a.phone = Set(fields.phone.clone());
            a.unit_id = Set(Some(u.id));
            a.affiliation = Set(person::PENDING.into());
            a.updated_at = Set(Utc::now());
            a.update(&txn).await?
        }
        None => insert_person(&txn, &fields, u.id, person::PENDING, None).await?,
    };
    crate::sync::records::adopt(&txn, std::slice::from_ref(&row.id_number)).await?;
    let user_id = insert_user(
        &txn,
        &fields.id_number.as_str().to_lowercase(),
        &fields.name,
        &hash,
        Some(row.id),
    )
    .await?;
    bind(&txn, user_id, Role::Person, Some(u.id)).await?;
    Audit::new("person.registered", "person")
        .entity(row.id)
        .actor(user_id)
        .after(
            json!({ "id_number": fields.id_number.masked(), "name": fields.name, "unit_id": u.id }),
        )
        .scope(&u.path)
        .ip(ip)
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The person and their unit, or 404 when either is outside the scope of `permission`.
pub async fn find_in_scope(
    db: &DatabaseConnection,
    p: &Principal,
    permission: Permission,
    id: Uuid,
) -> AppResult<(person::Model, unit::Model)> {
    let person = person::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let u = match person.unit_id {
        Some(uid) => find_unit(db, uid).await?,
        None => return Err(AppError::NotFound),
    };
    // Out of view is a 404 whatever the operation; in view but not allowed is a 403.
    if let Ok(view) = p.scope(Permission::PersonView)
        && !view.contains(&u.path)
    {
        return Err(AppError::NotFound);
    }
    p.scope_over(permission, &u)?;
    Ok((person, u))
}

pub async fn detail_of(db: &DatabaseConnection, person: person::Model) -> AppResult<PersonDetail> {
    let account = user::Entity::find()
        .filter(user::Column::PersonId.eq(person.id))
        .one(db)
        .await?
        .map(|u| PersonAccount {
            id: u.id,
            username: u.username,
            disabled: u.disabled,
            pending_activation: u.must_change_password,
        });
    let pending = transfer::Entity::find()
        .filter(transfer::Column::PersonId.eq(person.id))
        .filter(transfer::Column::Status.eq("pending"))
        .one(db)
        .await?;
    let pending_transfer = match pending {
        Some(t) => super::transfers::views(db, vec![t]).await?.pop(),
        None => None,
    };
    let mut summary = summaries(db, vec![person.clone()]).await?;
    let summary = summary.pop().ok_or(AppError::NotFound)?;
    Ok(PersonDetail {
        summary,
        identity_locked: person.affiliation == person::CONFIRMED,
        id_number: person.id_number,
        phone: person.phone,
        birth_date: person.birth_date,
        confirmed_at: person.confirmed_at,
        account,
        pending_transfer,
        created_at: person.created_at,
    })
}

pub async fn summaries(
    db: &impl ConnectionTrait,
    rows: Vec<person::Model>,
) -> AppResult<Vec<PersonSummary>> {
    let names: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(rows.iter().filter_map(|p| p.unit_id)))
        .select_only()
        .column(unit::Column::Id)
        .column(unit::Column::Name)
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|p| PersonSummary {
            id: p.id,
            id_number_masked: mask_id_str(&p.id_number),
            phone_masked: p.phone.as_deref().map(mask_phone),
            unit_name: p.unit_id.and_then(|id| names.get(&id).cloned()),
            name: p.name,
            gender: p.gender,
            unit_id: p.unit_id,
            title_series: p.title_series,
            title_level: p.title_level,
            title_name: p.title_name,
            is_provincial: p.is_provincial,
            affiliation: p.affiliation,
        })
        .collect())
}

/// What the audit log keeps of a person: never the full 身份证号 or phone.
pub fn person_json(p: &person::Model) -> serde_json::Value {
    json!({
        "id_number": mask_id_str(&p.id_number), "name": p.name, "gender": p.gender,
        "phone": p.phone.as_deref().map(mask_phone), "unit_id": p.unit_id,
        "title_series": p.title_series, "title_level": p.title_level, "title_name": p.title_name,
        "is_provincial": p.is_provincial, "affiliation": p.affiliation,
    })
}
