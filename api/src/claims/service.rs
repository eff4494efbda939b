//! Claims as their claimant makes them: draft, edit, submit, recall, withdraw; and as
//! reviewers in scope read them. Every rule of issue 4 §5 is checked here, once, for the
//! form, the save and the submission alike.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
    sea_query::{Expr, Query},
};
use serde_json::json;
use uuid::Uuid;

use super::{
    claim::{self, State},
    entities::{attachment, event},
    evidence,
    model::{
        ClaimDetail, ClaimEvent, ClaimFilter, ClaimInput, ClaimPage, ClaimSummary, Estimate,
        EstimateInput, FieldChange, SubmitClaim,
    },
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Principal, Role, entities::user, permissions::Permission, principal::Scope},
    calendar::today,
    error::{AppError, AppResult, FieldError},
    fields::{Checks, clean, paging},
    hours::{Hours, fmt},
    orgs::unit,
    people::person,
    rules::{self, formula::DAY_CAP, rule, service as rules_service},
};

/// Who is looking at a claim.
pub enum Access {
    Claimant,
    Reviewer(Scope),
}

/// The caller's own person record, confirmed by their unit: only such a person may claim.
pub async fn claimant(db: &DatabaseConnection, p: &Principal) -> AppResult<person::Model> {
    let person = match p.user.person_id {
        Some(id) => person::Entity::find_by_id(id).one(db).await?,
        None => None,
    }
    .ok_or_else(|| AppError::forbidden("not_a_person", "只有专业技术人员本人可以申报学时"))?;
    if person.affiliation != person::CONFIRMED || person.unit_id.is_none() {
        return Err(AppError::forbidden(
            "person_not_confirmed",
            "所在单位确认您的人员信息后才能申报学时",
        ));
    }
    Ok(person)
}

/// A claim the caller may see: their own, or (not a draft) one in their ClaimView scope.
/// A person asking for someone else's claim, and anyone asking outside their scope, gets
/// 404; a role that may see no claims at all gets 403 whatever the id.
pub async fn visible(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
) -> AppResult<(claim::Model, Access)> {
    let scope = match p.user.person_id {
        Some(_) => None,
        None => Some(p.scope(Permission::ClaimView)?),
    };
    let c = claim::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    match scope {
        None if p.user.person_id == Some(c.person_id) => Ok((c, Access::Claimant)),
        Some(scope) if c.state != State::Draft && scope.contains(&c.unit_path) => {
            Ok((c, Access::Reviewer(scope)))
        }
        _ => Err(AppError::NotFound),
    }
}

/// The caller's own claim, for a change; a reviewer who can see it is told why not.
pub async fn own(db: &DatabaseConnection, p: &Principal, id: Uuid) -> AppResult<claim::Model> {
    match visible(db, p, id).await? {
        (c, Access::Claimant) => Ok(c),
        (_, Access::Reviewer(_)) => Err(AppError::forbidden(
            "not_claimant",
            "只有申报人本人可以修改申报",
        )),
    }
}

/// A checked form: the rule version it is evaluated with and the cleaned values.
struct Checked {
    rule: rule::Model,
    year: i32,
    title: String,
    activity_key: String,
    organiser: Option<String>,
    start_date: Option<NaiveDate>,
    end_date: NaiveDate,
    actual_hours: Option<i32>,
    characters: Option<i64>,
    level: Option<String>,
    rank: Option<i32>,
    claimed: i32,
    description: String,
    evidence_note: Option<String>,
}

/// Every field check of issue 4 §5; reports all bad fields at once.
async fn check(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    input: &ClaimInput,
    except: Option<Uuid>,
) -> AppResult<Checked> {
    let mut checks = Checks::new();
    let title = checks.text("title", "活动名称", &input.title, 200);
    let organiser = checks.optional_text(
        "organiser",
        "主办单位或刊物",
        input.organiser.as_deref(),
        200,
    );
    let description = checks.text("description", "情况说明", &input.description, 2000);
    let evidence_note = checks.optional_text(
        "evidence_note",
        "附件说明",
        input.evidence_note.as_deref(),
        500,
    );
    let actual_hours = checks.optional_hours("actual_hours", "实际学时", input.actual_hours, true);
    let claimed = checks.hours("claimed_hours", "申报学时", input.claimed_hours, true);
    let code = input.pathway_code.trim().to_uppercase();
    let end = input.end_date;
    let today = today();
    if end > today {
        checks.fail("end_date", "future_date", "活动日期不能晚于今天");
    }
    if input.start_date.is_some_and(|s| s > today) {
        checks.fail("start_date", "future_date", "开始日期不能晚于今天");
    }
    let year = end.year();
    let settings = rules_service::year_settings(db, year).await?;
    if !rules_service::is_open(&settings) && end <= today {
        checks.fail(
            "end_date",
            "year_closed",
            format!("{year} 年度的学时申报已于 {} 截止", settings.claim_deadline),
        );
    }
    let Some(rule) = rules_service::in_force(db, &code, end).await? else {
        checks.fail("pathway_code", "unknown_pathway", "请选择学时认定途径");
        return Err(fail(checks));
    };
    if !rule.enabled || !rule.claimable {
        checks.fail(
            "pathway_code",
            "not_claimable",
            format!(
                "「{}」的学时无需个人申报（由培训班名单或网络学习同步登记）",
                rule.name
            ),
        );
        return Err(fail(checks));
    }
    let start_date = match rule.date_kind {
        rule::DateKind::Period => input.start_date,
        rule::DateKind::Single => None,
    };
    let basis = rules::Basis {
        start: start_date,
        end: Some(end),
        actual_hours,
        characters: input.characters,
        level: input.level.as_deref().map(clean),
        rank: input.rank,
    };
    let eval = rules::evaluate(&rule, &basis, &mut checks);
    if let Some(c) = claimed {
        check_caps(db, &mut checks, &rule, &eval, person_id, year, c, except).await?;
    }
    let activity_key = format!("{}|{}|{}", rule.code, end, normalise_title(&title));
    let duplicate = claim::Entity::find()
        .filter(claim::Column::PersonId.eq(person_id))
        .filter(claim::Column::ActivityKey.eq(&activity_key))
        .filter(claim::Column::Id.ne(except.unwrap_or_default()))
        .one(db)
        .await?;
    if let Some(d) = duplicate {
        checks.fail(
            "title",
            "duplicate_activity",
            format!(
                "您已申报过同一活动：{} {}「{}」（{}）",
                rule.code,
                d.end_date,
                d.title,
                d.state.label()
            ),
        );
    }
    checks.finish()?;
    Ok(Checked {
        year,
        title,
        activity_key,
        organiser,
        start_date,
        end_date: end,
        actual_hours,
        characters: input
            .characters
            .filter(|_| rule.formula == rule::Formula::Per10kChars),
        level: basis.level.filter(|_| rule.formula == rule::Formula::Table),
        rank: input.rank.filter(|_| rule.formula == rule::Formula::Table),
        claimed: claimed.unwrap_or_default(),
        description,
        evidence_note,
        rule,
    })
}

fn fail(checks: Checks) -> AppError {
    checks.finish().err().unwrap_or(AppError::NotFound)
}

/// The per-item maximum, 8 h a day, and the per-year cap across the person's other live
/// claims of the pathway.
#[allow(clippy::too_many_arguments)]
async fn check_caps(
    db: &impl ConnectionTrait,
    checks: &mut Checks,
    rule: &rule::Model,
    eval: &rules::Evaluation,
    person_id: Uuid,
    year: i32,
    claimed: i32,
    except: Option<Uuid>,
) -> AppResult<()> {
    if let Some(days) = eval.days.filter(|d| claimed > DAY_CAP * d) {
        checks.fail(
            "claimed_hours",
            "over_daily_cap",
            format!(
                "{days} 天最多申报 {} 学时（每天不超过 8 学时）",
                fmt(DAY_CAP * days)
            ),
        );
    } else if let Some(max) = eval.max.filter(|m| claimed > *m) {
        checks.fail(
            "claimed_hours",
            "over_item_cap",
            format!("按「{}」规则，本项最多可申报 {} 学时", rule.name, fmt(max)),
        );
    }
    if let Some(cap) = rule.per_year_cap {
        let used = year_used(db, person_id, &rule.code, year, except).await?;
        if used + claimed > cap {
            checks.fail(
                "claimed_hours",
                "over_year_cap",
                format!(
                    "「{}」每年最多 {} 学时，{year} 年已申报 {} 学时，本项最多还可申报 {} 学时",
                    rule.name,
                    fmt(cap),
                    fmt(used),
                    fmt((cap - used).max(0))
                ),
            );
        }
    }
    Ok(())
}

/// Hours of the person's other live, non-draft claims of `code` in `year` (recognised
/// hours where a reviewer set them).
async fn year_used(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    code: &str,
    year: i32,
    except: Option<Uuid>,
) -> AppResult<i32> {
    let rows = claim::Entity::find()
        .filter(claim::Column::PersonId.eq(person_id))
        .filter(claim::Column::PathwayCode.eq(code))
        .filter(claim::Column::Year.eq(year))
        .filter(claim::Column::Id.ne(except.unwrap_or_default()))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .filter(|c| c.state.live() && c.state != State::Draft)
        .map(|c| c.recognised_hours.unwrap_or(c.claimed_hours))
        .sum())
}

/// The same activity written differently is still the same: full-width to half-width,
/// case, blanks and punctuation ignored.
pub fn normalise_title(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

pub async fn estimate(
    state: &AppState,
    p: &Principal,
    input: EstimateInput,
) -> AppResult<Estimate> {
    let code = input.pathway_code.trim().to_uppercase();
    let on = input.end_date.unwrap_or_else(today);
    let rule = rules_service::in_force(&state.db, &code, on)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut checks = Checks::new();
    let actual_hours = checks.optional_hours("actual_hours", "实际学时", input.actual_hours, true);
    let basis = rules::Basis {
        start: input.start_date,
        end: input.end_date,
        actual_hours,
        characters: input.characters,
        level: input.level.as_deref().map(clean),
        rank: input.rank,
    };
    let eval = rules::evaluate(&rule, &basis, &mut checks);
    let year = input.end_date.map(|d| d.year());
    let settings = match year {
        Some(y) => Some(rules_service::year_settings(&state.db, y).await?),
        None => None,
    };
    let used = match (p.user.person_id, year, rule.per_year_cap) {
        (Some(pid), Some(y), Some(_)) => {
            Some(year_used(&state.db, pid, &rule.code, y, input.claim_id).await?)
        }
        _ => None,
    };
    let problems = match checks.finish() {
        Err(AppError::Invalid(f)) => f,
        _ => Vec::new(),
    };
    Ok(Estimate {
        year,
        suggested_hours: eval.suggested.map(Hours),
        max_hours: eval.max.map(Hours),
        days: eval.days,
        explanation: eval.explanation,
        year_used_hours: used.map(Hours),
        year_remaining_hours: used
            .zip(rule.per_year_cap)
            .map(|(u, cap)| Hours((cap - u).max(0))),
        year_open: settings.as_ref().map(rules_service::is_open),
        claim_deadline: settings.map(|s| s.claim_deadline),
        problems,
        rule: rules_service::view(rule, rules::model::VersionStatus::InForce),
    })
}

pub async fn create(state: &AppState, p: &Principal, input: ClaimInput) -> AppResult<ClaimDetail> {
    let person = claimant(&state.db, p).await?;
    let unit_id = person.unit_id.ok_or(AppError::NotFound)?;
    let u = unit::Entity::find_by_id(unit_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = check(&state.db, person.id, &input, None).await?;
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let row = claim::ActiveModel {
        id: Set(Uuid::now_v7()),
        person_id: Set(person.id),
        unit_id: Set(u.id),
        unit_path: Set(u.path.clone()),
        declared: Set(false),
        state: Set(State::Draft),
        flagged: Set(false),
        chain: Set(None),
        step_index: Set(None),
        awaiting_unit_id: Set(None),
        awaiting_since: Set(None),
        lock_version: Set(1),
        submitted_at: Set(None),
        recognised_hours: Set(None),
        created_at: Set(now),
        ..fields(c, now)
    }
    .insert(&txn)
    .await?;
    record(&txn, p, &row, "created", None, None, None).await?;
    txn.commit().await?;
    detail_of(state, &Access::Claimant, row).await
}

/// The checked form as column values (shared by create and edit).
fn fields(c: Checked, now: chrono::DateTime<Utc>) -> claim::ActiveModel {
    claim::ActiveModel {
        year: Set(c.year),
        pathway_code: Set(c.rule.code.clone()),
        rule_id: Set(c.rule.id),
        category: Set(c.rule.category),
        title: Set(c.title),
        activity_key: Set(Some(c.activity_key)),
        organiser: Set(c.organiser),
        start_date: Set(c.start_date),
        end_date: Set(c.end_date),
        actual_hours: Set(c.actual_hours),
        characters: Set(c.characters),
        level: Set(c.level),
        rank: Set(c.rank),
        claimed_hours: Set(c.claimed),
        description: Set(c.description),
        evidence_note: Set(c.evidence_note),
        updated_at: Set(now),
        ..Default::default()
    }
}

pub async fn update(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: ClaimInput,
) -> AppResult<ClaimDetail> {
    let before = own(&state.db, p, id).await?;
    if !before.state.editable() {
        return Err(illegal(before.state));
    }
    let c = check(&state.db, before.person_id, &input, Some(id)).await?;
    let txn = state.db.begin().await?;
    let row = save(&txn, &before, fields(c, Utc::now())).await?;
    if row.state == State::Submitted {
        // Still a submission: it must still satisfy everything a submission needs.
        submission_ready(&txn, &row, true).await?;
    }
    record(&txn, p, &row, "edited", Some(before.state), None, None).await?;
    if before.year != row.year {
        // The claim moved to another year: the old one loses it.
        crate::standing::refresh(&txn, row.person_id, before.year).await?;
    }
    txn.commit().await?;
    detail_of(state, &Access::Claimant, row).await
}

pub async fn submit(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: SubmitClaim,
) -> AppResult<ClaimDetail> {
    let before = own(&state.db, p, id).await?;
    if !matches!(before.state, State::Draft | State::Returned) {
        return Err(illegal(before.state));
    }
    claimant(&state.db, p).await?;
    // Re-check the saved form: the year may have closed or a new rule version may apply.
    let c = check(&state.db, before.person_id, &input_of(&before), Some(id)).await?;
    submission_ready(&state.db, &before, input.declared).await?;
    let now = Utc::now();
    let txn = state.db.begin().await?;
    let u = unit::Entity::find_by_id(before.unit_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let chain = super::chain::for_unit(&txn, &u).await?;
    let first = chain.first().map(|s| s.unit_id);
    let conflict = crate::classes::roster::service::overlapping_class(
        &txn,
        before.person_id,
        c.start_date.unwrap_or(c.end_date),
        c.end_date,
    )
    .await?;
    let row = save(
        &txn,
        &before,
        claim::ActiveModel {
            chain: Set(Some(super::chain::Chain(chain))),
            step_index: Set(first.map(|_| 0)),
            awaiting_unit_id: Set(first),
            awaiting_since: Set(first.map(|_| now)),
            state: Set(State::Submitted),
            conflict_class_id: Set(conflict),
            declared: Set(true),
            submitted_at: Set(Some(now)),
            ..fields(c, now)
        },
    )
    .await?;
    let snapshot = snapshot(&txn, &row).await?;
    record(
        &txn,
        p,
        &row,
        "submitted",
        Some(before.state),
        None,
        Some(snapshot),
    )
    .await?;
    txn.commit().await?;
    detail_of(state, &Access::Claimant, row).await
}

/// 撤回: back to draft, only while nobody has acted on it.
pub async fn recall(state: &AppState, p: &Principal, id: Uuid) -> AppResult<ClaimDetail> {
    transition(state, p, id, &[State::Submitted], State::Draft, "recalled").await
}

/// 作废: the claim stops counting and frees its activity; evidence is kept (D10).
pub async fn withdraw(state: &AppState, p: &Principal, id: Uuid) -> AppResult<ClaimDetail> {
    transition(
        state,
        p,
        id,
        &[State::Draft, State::Submitted, State::Returned],
        State::Withdrawn,
        "withdrawn",
    )
    .await
}

async fn transition(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    from: &[State],
    to: State,
    action: &str,
) -> AppResult<ClaimDetail> {
    let before = own(&state.db, p, id).await?;
    if !from.contains(&before.state) {
        return Err(illegal(before.state));
    }
    let txn = state.db.begin().await?;
    let mut change = claim::ActiveModel {
        state: Set(to),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if !to.live() {
        change.activity_key = Set(None);
    }
    if to == State::Draft {
        // Planned again at the next submission.
        change.chain = Set(None);
    }
    change.step_index = Set(None);
    change.awaiting_unit_id = Set(None);
    change.awaiting_since = Set(None);
    let row = save(&txn, &before, change).await?;
    record(&txn, p, &row, action, Some(before.state), None, None).await?;
    txn.commit().await?;
    detail_of(state, &Access::Claimant, row).await
}

pub fn illegal(s: State) -> AppError {
    AppError::conflict(
        "illegal_transition",
        format!("申报当前为「{}」状态，不能执行该操作", s.label()),
    )
}

/// Applies `change` only if nobody changed the claim since it was read.
pub async fn save(
    txn: &impl ConnectionTrait,
    before: &claim::Model,
    change: claim::ActiveModel,
) -> AppResult<claim::Model> {
    let res = claim::Entity::update_many()
        .set(change)
        .col_expr(
            claim::Column::LockVersion,
            sea_orm::sea_query::ExprTrait::add(Expr::col(claim::Column::LockVersion), 1),
        )
        .filter(claim::Column::Id.eq(before.id))
        .filter(claim::Column::LockVersion.eq(before.lock_version))
        .exec(txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict(
            "stale_claim",
            "申报已被更新，请刷新后重试",
        ));
    }
    claim::Entity::find_by_id(before.id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The form a saved claim was made with, to check it again.
fn input_of(c: &claim::Model) -> ClaimInput {
    ClaimInput {
        pathway_code: c.pathway_code.clone(),
        title: c.title.clone(),
        organiser: c.organiser.clone(),
        start_date: c.start_date,
        end_date: c.end_date,
        actual_hours: c.actual_hours.map(|h| f64::from(h) / 10.0),
        characters: c.characters,
        level: c.level.clone(),
        rank: c.rank,
        claimed_hours: f64::from(c.claimed_hours) / 10.0,
        description: c.description.clone(),
        evidence_note: c.evidence_note.clone(),
    }
}

/// The self-declaration, the rule's required evidence, and the attachment description.
pub(super) async fn submission_ready(
    db: &impl ConnectionTrait,
    c: &claim::Model,
    declared: bool,
) -> AppResult<()> {
    let rule = rule::Entity::find_by_id(c.rule_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let images = attachment::Entity::find()
        .filter(attachment::Column::ClaimId.eq(c.id))
        .all(db)
        .await?;
    let mut errors = Vec::new();
    if !declared {
        errors.push(FieldError::new(
            "declared",
            "declaration_required",
            "请阅读并勾选承诺：所填信息及所附材料真实有效",
        ));
    }
    let missing = missing_evidence(&rule, &images);
    if rule.proof_required && images.is_empty() {
        errors.push(FieldError::new(
            "attachments",
            "evidence_required",
            "该途径须上传证明材料图片",
        ));
    } else if !missing.is_empty() {
        errors.push(FieldError::new(
            "attachments",
            "missing_evidence",
            format!("缺少必传材料：{}", missing.join("、")),
        ));
    }
    if !images.is_empty() && c.evidence_note.is_none() {
        errors.push(FieldError::new(
            "evidence_note",
            "required",
            "上传了证明材料时须填写附件说明",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// Required checklist items no image is labelled with.
pub fn missing_evidence(rule: &rule::Model, images: &[attachment::Model]) -> Vec<String> {
    if !rule.proof_required {
        return Vec::new();
    }
    rule.evidence
        .0
        .iter()
        .filter(|e| e.required && !images.iter().any(|i| i.kind.as_deref() == Some(&e.name)))
        .map(|e| e.name.clone())
        .collect()
}

pub async fn snapshot(db: &impl ConnectionTrait, c: &claim::Model) -> AppResult<serde_json::Value> {
    let images = attachment::Entity::find()
        .filter(attachment::Column::ClaimId.eq(c.id))
        .all(db)
        .await?;
    Ok(json!({
        "claim": claim_json(c),
        "attachments": images.iter().map(|i| json!({
            "id": i.id, "kind": i.kind, "sha256": i.sha256, "size": i.size,
        })).collect::<Vec<_>>(),
    }))
}

pub fn claim_json(c: &claim::Model) -> serde_json::Value {
    json!({
        "pathway_code": c.pathway_code, "rule_id": c.rule_id, "year": c.year,
        "title": c.title, "organiser": c.organiser, "start_date": c.start_date,
        "end_date": c.end_date, "actual_hours": c.actual_hours, "characters": c.characters,
        "level": c.level, "rank": c.rank, "claimed_hours": c.claimed_hours,
        "recognised_hours": c.recognised_hours, "description": c.description,
        "evidence_note": c.evidence_note, "state": c.state,
    })
}

/// A history event and its audit row, in the caller's transaction; the claimant's standing
/// of the claim's year is recounted with it, so every change keeps the totals true.
pub async fn record(
    txn: &impl ConnectionTrait,
    p: &Principal,
    c: &claim::Model,
    action: &str,
    from: Option<State>,
    reason: Option<String>,
    snapshot: Option<serde_json::Value>,
) -> AppResult<()> {
    let role = if p.user.person_id == Some(c.person_id) {
        Role::Person
    } else {
        p.grants.first().map_or(Role::Person, |g| g.role)
    };
    event::ActiveModel {
        id: Set(Uuid::now_v7()),
        claim_id: Set(c.id),
        actor_id: Set(p.user.id),
        actor_role: Set(role),
        action: Set(action.into()),
        from_state: Set(from),
        to_state: Set(c.state),
        hours: Set(Some(c.recognised_hours.unwrap_or(c.claimed_hours))),
        reason: Set(reason.clone()),
        snapshot: Set(snapshot),
        at: Set(Utc::now()),
    }
    .insert(txn)
    .await?;
    let mut after = claim_json(c);
    after["reason"] = json!(reason);
    Audit::new(&format!("claim.{action}"), "claim")
        .entity(c.id)
        .actor(p.user.id)
        .role(role, Some(c.unit_id))
        .after(after)
        .scope(&c.unit_path)
        .ip(p.ip.clone())
        .save(txn)
        .await?;
    crate::standing::refresh(txn, c.person_id, c.year).await
}

pub async fn list(state: &AppState, p: &Principal, f: ClaimFilter) -> AppResult<ClaimPage> {
    let (page, page_size) = paging(f.page, f.page_size);
    let mut cond = Condition::all();
    let reviewer = match p.user.person_id {
        Some(pid) => {
            cond = cond.add(claim::Column::PersonId.eq(pid));
            false
        }
        None => {
            let scope = p.scope(Permission::ClaimView)?;
            cond = cond
                .add(scope.path_condition(claim::Column::UnitPath))
                .add(claim::Column::State.ne(State::Draft));
            if let Some(uid) = f.unit_id {
                let u = unit::Entity::find_by_id(uid)
                    .one(&state.db)
                    .await?
                    .filter(|u| scope.contains(&u.path))
                    .ok_or(AppError::NotFound)?;
                cond = cond.add(unit::in_subtree(claim::Column::UnitPath, &u.path));
            }
            if let Some(flagged) = f.flagged {
                cond = cond.add(claim::Column::Flagged.eq(flagged));
            }
            if f.awaiting == Some(true) {
                p.scope(Permission::ClaimReview)?;
                cond = cond.add(
                    claim::Column::AwaitingUnitId.is_in(crate::review::service::step_units(p)),
                );
            }
            true
        }
    };
    if let Some(d) = f.from {
        cond = cond.add(claim::Column::EndDate.gte(d));
    }
    if let Some(d) = f.to {
        cond = cond.add(claim::Column::EndDate.lte(d));
    }
    if let Some(s) = f.state {
        cond = cond.add(claim::Column::State.eq(s));
    }
    if let Some(y) = f.year {
        cond = cond.add(claim::Column::Year.eq(y));
    }
    if let Some(code) = f
        .pathway_code
        .as_deref()
        .map(clean)
        .filter(|s| !s.is_empty())
    {
        cond = cond.add(claim::Column::PathwayCode.eq(code.to_uppercase()));
    }
    if let Some(q) = f.q.as_deref().map(clean).filter(|s| !s.is_empty()) {
        let by_name = Query::select()
            .column(person::Column::Id)
            .from(person::Entity)
            .and_where(person::Column::Name.contains(&q))
            .to_owned();
        cond = cond.add(
            Condition::any()
                .add(claim::Column::Title.contains(&q))
                .add(claim::Column::PersonId.in_subquery(by_name)),
        );
    }
    let query = if reviewer && f.awaiting == Some(true) {
        // The queue: longest waiting first.
        claim::Entity::find()
            .filter(cond)
            .order_by_asc(claim::Column::AwaitingSince)
            .order_by_asc(claim::Column::Id)
    } else {
        claim::Entity::find()
            .filter(cond)
            .order_by_desc(claim::Column::UpdatedAt)
            .order_by_desc(claim::Column::Id)
    };
    let total = query.clone().count(&state.db).await?;
    let rows = query
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(&state.db)
        .await?;
    Ok(ClaimPage {
        items: summaries(&state.db, rows, reviewer).await?,
        total,
        page,
        page_size,
    })
}

/// List rows with the names of persons, units and pathways, loaded in one query each.
pub async fn summaries(
    db: &DatabaseConnection,
    rows: Vec<claim::Model>,
    reviewer: bool,
) -> AppResult<Vec<ClaimSummary>> {
    let ids = |f: fn(&claim::Model) -> Uuid| rows.iter().map(f).collect::<Vec<_>>();
    let persons: HashMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(ids(|c| c.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let units: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids(|c| c.unit_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let rules: HashMap<Uuid, String> = rule::Entity::find()
        .filter(rule::Column::Id.is_in(ids(|c| c.rule_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let classes: HashMap<Uuid, String> = if reviewer {
        crate::classes::roster::service::conflict_notes(
            db,
            rows.iter().filter_map(|c| c.conflict_class_id),
        )
        .await?
    } else {
        HashMap::new()
    };
    let mut counts: HashMap<Uuid, u64> = HashMap::new();
    for a in attachment::Entity::find()
        .select_only()
        .column(attachment::Column::ClaimId)
        .filter(attachment::Column::ClaimId.is_in(ids(|c| c.id)))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
    {
        *counts.entry(a).or_default() += 1;
    }
    Ok(rows
        .into_iter()
        .map(|c| ClaimSummary {
            waiting_for: crate::review::service::waiting_for(&c),
            awaiting_since: c.awaiting_since,
            person_name: persons.get(&c.person_id).cloned().unwrap_or_default(),
            unit_name: units.get(&c.unit_id).cloned().unwrap_or_default(),
            pathway_name: rules.get(&c.rule_id).cloned().unwrap_or_default(),
            attachment_count: counts.get(&c.id).copied().unwrap_or(0),
            id: c.id,
            person_id: c.person_id,
            unit_id: c.unit_id,
            year: c.year,
            pathway_code: c.pathway_code,
            category: c.category,
            title: c.title,
            start_date: c.start_date,
            end_date: c.end_date,
            claimed_hours: Hours(c.claimed_hours),
            recognised_hours: c.recognised_hours.map(Hours),
            state: c.state,
            state_label: c.state.label().into(),
            flagged: reviewer && c.flagged,
            class_conflict: c.conflict_class_id.and_then(|id| classes.get(&id).cloned()),
            submitted_at: c.submitted_at,
            updated_at: c.updated_at,
        })
        .collect())
}

pub async fn detail(state: &AppState, p: &Principal, id: Uuid) -> AppResult<ClaimDetail> {
    let (c, access) = visible(&state.db, p, id).await?;
    detail_for(state, p, &access, c).await
}

/// The detail with the review decisions open to the caller.
pub async fn detail_for(
    state: &AppState,
    p: &Principal,
    access: &Access,
    c: claim::Model,
) -> AppResult<ClaimDetail> {
    let review_actions = match access {
        Access::Reviewer(_) => crate::review::service::actions_for(p, &c),
        Access::Claimant => Vec::new(),
    };
    let mut d = detail_of(state, access, c).await?;
    d.review_actions = review_actions;
    Ok(d)
}

pub async fn detail_of(
    state: &AppState,
    access: &Access,
    c: claim::Model,
) -> AppResult<ClaimDetail> {
    let db = &state.db;
    let rule = rule::Entity::find_by_id(c.rule_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let images = attachment::Entity::find()
        .filter(attachment::Column::ClaimId.eq(c.id))
        .order_by_asc(attachment::Column::CreatedAt)
        .all(db)
        .await?;
    let matches = match access {
        Access::Reviewer(scope) => evidence::matches_of(db, &c, scope).await?,
        Access::Claimant => Vec::new(),
    };
    let events = event::Entity::find()
        .filter(event::Column::ClaimId.eq(c.id))
        .order_by_asc(event::Column::At)
        .all(db)
        .await?;
    let changes = changes_since_last_submission(&events);
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(events.iter().map(|e| e.actor_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut checks = Checks::new();
    let eval = rules::evaluate(&rule, &basis_of(&c), &mut checks);
    let actions = match access {
        Access::Claimant => actions(c.state, images.len()),
        Access::Reviewer(_) => Vec::new(),
    };
    let missing = missing_evidence(&rule, &images);
    let reviewer = matches!(access, Access::Reviewer(_));
    let summary = summaries(db, vec![c.clone()], reviewer)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    Ok(ClaimDetail {
        summary,
        organiser: c.organiser,
        actual_hours: c.actual_hours.map(Hours),
        characters: c.characters,
        level: c.level,
        rank: c.rank,
        description: c.description,
        evidence_note: c.evidence_note,
        declared: c.declared,
        lock_version: c.lock_version,
        rule: rules_service::view_at_today(db, rule).await?,
        max_hours: eval.max.map(Hours),
        attachments: images
            .into_iter()
            .map(|a| evidence::view(&state.signer, a))
            .collect(),
        missing_evidence: missing,
        chain: c.chain.map(|c| c.0).unwrap_or_default(),
        matches,
        events: events
            .into_iter()
            .map(|e| ClaimEvent {
                actor_name: names.get(&e.actor_id).cloned().unwrap_or_default(),
                action: e.action,
                actor_role: e.actor_role,
                from_state: e.from_state,
                to_state: e.to_state,
                hours: e.hours.map(Hours),
                reason: e.reason,
                at: e.at,
            })
            .collect(),
        actions,
        review_actions: Vec::new(),
        changes,
    })
}

/// The fields a resubmission changed: the last two submission snapshots compared.
fn changes_since_last_submission(events: &[event::Model]) -> Vec<FieldChange> {
    let mut snaps = events.iter().rev().filter_map(|e| e.snapshot.as_ref());
    let (Some(now), Some(before)) = (snaps.next(), snaps.next()) else {
        return Vec::new();
    };
    const FIELDS: [(&str, &str); 12] = [
        ("pathway_code", "认定途径"),
        ("title", "项目名称"),
        ("organiser", "主办单位"),
        ("start_date", "开始日期"),
        ("end_date", "结束日期"),
        ("actual_hours", "实际学时"),
        ("characters", "字数"),
        ("level", "级别"),
        ("rank", "排名"),
        ("claimed_hours", "申报学时"),
        ("description", "内容说明"),
        ("evidence_note", "附件说明"),
    ];
    let shown = |field: &str, v: &serde_json::Value| -> Option<String> {
        match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) if matches!(field, "claimed_hours" | "actual_hours") => n
                .as_i64()
                .and_then(|t| i32::try_from(t).ok())
                .map(crate::hours::fmt),
            other => Some(other.to_string()),
        }
    };
    let mut out: Vec<FieldChange> = FIELDS
        .iter()
        .filter_map(|(field, label)| {
            let (a, b) = (&before["claim"][field], &now["claim"][field]);
            (a != b).then(|| FieldChange {
                field: (*field).into(),
                label: (*label).into(),
                before: shown(field, a),
                after: shown(field, b),
            })
        })
        .collect();
    let images = |s: &serde_json::Value| -> Vec<String> {
        s["attachments"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i["sha256"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old, new) = (images(before), images(now));
    let added = new.iter().filter(|h| !old.contains(h)).count();
    let removed = old.iter().filter(|h| !new.contains(h)).count();
    if added + removed > 0 {
        out.push(FieldChange {
            field: "attachments".into(),
            label: "证明材料".into(),
            before: Some(format!("{} 张", old.len())),
            after: Some(format!("{} 张（新增 {added}，删除 {removed}）", new.len())),
        });
    }
    out
}

fn basis_of(c: &claim::Model) -> rules::Basis {
    rules::Basis {
        start: c.start_date,
        end: Some(c.end_date),
        actual_hours: c.actual_hours,
        characters: c.characters,
        level: c.level.clone(),
        rank: c.rank,
    }
}

fn actions(s: State, images: usize) -> Vec<String> {
    let mut out = Vec::new();
    if s.editable() {
        out.push("edit");
        if images < evidence::MAX_IMAGES {
            out.push("attach");
        }
    }
    if matches!(s, State::Draft | State::Returned) {
        out.push("submit");
    }
    if s == State::Submitted {
        out.push("recall");
    }
    if matches!(s, State::Draft | State::Submitted | State::Returned) {
        out.push("withdraw");
    }
    out.into_iter().map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::normalise_title;

    #[test]
    fn titles_normalise() {
        assert_eq!(
            normalise_title(" 2026年 全国 建筑 学术会议（杭州） "),
            normalise_title("２０２６年全国建筑学术会议(杭州)")
        );
        assert_eq!(normalise_title("BIM Forum"), normalise_title("bim-forum"));
        assert_ne!(normalise_title("会议A"), normalise_title("会议B"));
    }
}
