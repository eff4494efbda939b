//! Applying review decisions. One decision is one transaction: the claim's new state and
//! step (under its optimistic lock), the history event with the reason, the audit row, the
//! claimant's notification and the recounted standing commit together or not at all.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{
    machine::{self, Action, Caller, HoursRule, Position, Refusal, Step},
    model::{BulkDecision, BulkItem, BulkResult, Decision, SamplingRate},
    sampling,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Permission, Principal, Role},
    claims::{
        State,
        chain::{ChainStep, StepKind},
        claim,
        service::{self as claims, Access},
    },
    error::{AppError, AppResult},
    fields::Checks,
    hours::fmt,
    notifications::notify_claimant,
    orgs::unit,
};

/// The units whose steps the caller acts at: a unit admin's bound units, 省学时办's unit.
pub fn step_units(p: &Principal) -> Vec<Uuid> {
    p.grants
        .iter()
        .filter(|g| matches!(g.role, Role::UnitAdmin | Role::Province))
        .filter_map(|g| g.unit.as_ref().map(|u| u.id))
        .collect()
}

fn chain_of(c: &claim::Model) -> Vec<ChainStep> {
    c.chain.as_ref().map(|x| x.0.clone()).unwrap_or_default()
}

fn step_of(c: &claim::Model) -> Option<usize> {
    c.step_index.and_then(|i| usize::try_from(i).ok())
}

/// The step a claim awaits, as `待「unit」认定`.
pub fn waiting_for(c: &claim::Model) -> Option<String> {
    let step = chain_of(c).get(step_of(c)?)?.clone();
    Some(match step.kind {
        StepKind::Recognise => format!("待{}认定", step.unit_name),
        StepKind::Confirm => format!("待{}确认报送", step.unit_name),
        StepKind::ProvinceReview => "待省学时办复审".into(),
    })
}

fn position(c: &claim::Model) -> Position {
    let chain = chain_of(c);
    let idx = step_of(c);
    Position {
        state: c.state,
        step: idx.and_then(|i| chain.get(i)).map(|s| s.kind),
        next: idx.and_then(|i| chain.get(i + 1)).map(|s| s.kind),
    }
}

fn caller(p: &Principal, c: &claim::Model) -> Caller {
    Caller {
        claimant: p.user.person_id == Some(c.person_id),
        at_step: c
            .awaiting_unit_id
            .is_some_and(|u| step_units(p).contains(&u)),
        province: p.has_role(Role::Province),
    }
}

/// The decisions the caller may take on `c` now, for the detail page's buttons.
pub fn actions_for(p: &Principal, c: &claim::Model) -> Vec<Action> {
    if p.scope(Permission::ClaimReview).is_err() {
        return Vec::new();
    }
    let (at, who) = (position(c), caller(p, c));
    Action::ALL
        .into_iter()
        .filter(|a| machine::decide(at, *a, who).is_ok())
        .collect()
}

fn refused(r: Refusal, c: &claim::Model) -> AppError {
    match r {
        Refusal::OwnClaim => AppError::forbidden("own_claim", "不能审核本人的申报"),
        Refusal::Illegal => claims::illegal(c.state),
        Refusal::NotYourTurn => AppError::forbidden(
            "not_your_turn",
            match waiting_for(c) {
                Some(w) => format!("该申报当前{w}，您不能执行该操作"),
                None => "该操作只能由省学时办执行".into(),
            },
        ),
    }
}

/// A race lost: someone else decided first. Says what the claim is now.
async fn stale(db: &impl ConnectionTrait, id: Uuid) -> AppError {
    match claim::Entity::find_by_id(id).one(db).await {
        Ok(Some(c)) => AppError::conflict(
            "stale_claim",
            format!(
                "该申报已被他人处理，当前为「{}」，请刷新后重试",
                c.state.label()
            ),
        ),
        _ => AppError::conflict("stale_claim", "申报已被更新，请刷新后重试"),
    }
}

/// One decision on one claim, in its own transaction.
pub async fn decide(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: &Decision,
) -> AppResult<(claim::Model, Access)> {
    p.scope(Permission::ClaimReview)?;
    let (c, access) = claims::visible(&state.db, p, id).await?;
    if input.lock_version.is_some_and(|v| v != c.lock_version) {
        return Err(stale(&state.db, id).await);
    }
    let txn = state.db.begin().await?;
    let row = match apply(&txn, p, &c, input).await {
        Err(AppError::Conflict {
            code: "stale_claim",
            ..
        }) => {
            drop(txn);
            return Err(stale(&state.db, id).await);
        }
        other => other?,
    };
    txn.commit().await?;
    // A certificate of the year may be due a new version now.
    state.certificates.wake();
    Ok((row, access))
}

async fn apply(
    txn: &impl ConnectionTrait,
    p: &Principal,
    c: &claim::Model,
    input: &Decision,
) -> AppResult<claim::Model> {
    let m = machine::decide(position(c), input.action, caller(p, c)).map_err(|r| refused(r, c))?;
    let mut checks = Checks::new();
    let reason = checks.optional_text("reason", "理由", input.reason.as_deref(), 500);
    // Recognition starts from the claim; later steps from what the step before recognised.
    let base = match input.action {
        Action::Recognise => c.claimed_hours,
        _ => c.recognised_hours.unwrap_or(c.claimed_hours),
    };
    let hours = match m.hours {
        HoursRule::Keep => None,
        rule => {
            let given = checks.optional_hours("hours", "认定学时", input.hours, true);
            if input.hours.is_none() && rule == HoursRule::MustLower {
                checks.fail("hours", "required", "请填写调减后的学时");
            }
            match given {
                Some(h) if h > base => checks.fail(
                    "hours",
                    "above_current",
                    format!("认定学时不能高于 {} 学时", fmt(base)),
                ),
                Some(h) if h == base && rule == HoursRule::MustLower => checks.fail(
                    "hours",
                    "not_lowered",
                    format!("调减后的学时应低于当前的 {} 学时", fmt(base)),
                ),
                _ => {}
            }
            Some(given.unwrap_or(base))
        }
    };
    let lowered = hours.is_some_and(|h| h < base);
    if (m.reason_required || lowered) && reason.is_none() {
        let msg = if lowered {
            "调减学时须填写理由"
        } else {
            "请填写理由"
        };
        checks.fail("reason", "required", msg);
    }
    checks.finish()?;

    let chain = chain_of(c);
    let now = Utc::now();
    let mut change = claim::ActiveModel {
        state: Set(m.to),
        updated_at: Set(now),
        ..Default::default()
    };
    let next = match m.step {
        Step::Advance => step_of(c).map_or(0, |i| i + 1),
        Step::Restart => 0,
        Step::Clear => usize::MAX,
    };
    let awaiting = chain.get(next);
    change.step_index = Set(awaiting.and_then(|_| i32::try_from(next).ok()));
    change.awaiting_unit_id = Set(awaiting.map(|s| s.unit_id));
    change.awaiting_since = Set(awaiting.map(|_| now));
    match (m.to, hours) {
        // Back to the claimant or to the unit: the next recognition starts afresh.
        (State::Returned, _) | (State::Submitted, _) => change.recognised_hours = Set(None),
        (_, Some(h)) => change.recognised_hours = Set(Some(h)),
        _ => {}
    }
    if !m.to.live() {
        change.activity_key = Set(None);
    }
    let mut row = claims::save(txn, c, change).await?;
    claims::record(txn, p, &row, m.event, Some(c.state), reason.clone(), None).await?;
    let actor = match c
        .awaiting_unit_id
        .and_then(|u| chain.iter().find(|s| s.unit_id == u))
    {
        Some(s) => s.unit_name.clone(),
        None => "省学时办".into(),
    };
    tell(txn, &row, m.event, &actor, reason.as_deref()).await?;

    // D7: a recognised claim the sampling does not draw is confirmed without 复审.
    if row.state == State::UnitRecognised {
        let percent = sampling::percent_for(txn, &row.unit_path).await?;
        if !sampling::sampled(row.id, percent) {
            let before = row.clone();
            row = claims::save(
                txn,
                &before,
                claim::ActiveModel {
                    state: Set(State::ProvinceConfirmed),
                    step_index: Set(None),
                    awaiting_unit_id: Set(None),
                    awaiting_since: Set(None),
                    updated_at: Set(now),
                    ..Default::default()
                },
            )
            .await?;
            let why = format!("本单位复审抽查比例 {percent}%，未抽中，免于复审");
            claims::record(
                txn,
                p,
                &row,
                "sampling_passed",
                Some(before.state),
                Some(why.clone()),
                None,
            )
            .await?;
            tell(txn, &row, "sampling_passed", "省学时办", Some(&why)).await?;
        }
    }
    Ok(row)
}

/// The claimant's message for an outcome.
async fn tell(
    txn: &impl ConnectionTrait,
    c: &claim::Model,
    event: &str,
    by: &str,
    reason: Option<&str>,
) -> AppResult<()> {
    let h = fmt(c.recognised_hours.unwrap_or(c.claimed_hours));
    let t = &c.title;
    let (title, body) = match event {
        "recognised" => (
            format!("「{t}」已由单位认定"),
            format!(
                "{by}认定 {h} 学时（申报 {} 学时），待上级审核。",
                fmt(c.claimed_hours)
            ),
        ),
        "forwarded" => (
            format!("「{t}」已确认报送"),
            format!("{by}已确认报送 {h} 学时，待省学时办复审。"),
        ),
        "confirmed" | "sampling_passed" => (
            format!("「{t}」复审通过"),
            format!("{h} 学时已计入 {} 年度已登记学时。", c.year),
        ),
        "returned" => (
            format!("「{t}」被退回"),
            format!("{by}退回了您的申报，请按意见修改后重新提交。"),
        ),
        "returned_to_unit" => (
            format!("「{t}」复审退回单位"),
            "省学时办将申报退回单位重新审核。".into(),
        ),
        "rejected" => (format!("「{t}」不予认定"), format!("{by}决定不予认定。")),
        "adjusted" => (
            format!("「{t}」学时被调减"),
            format!("省学时办复审将学时调减为 {h} 学时。"),
        ),
        "revoked" => (
            format!("「{t}」已被撤销"),
            "省学时办撤销了该申报，其学时不再计入。".into(),
        ),
        _ => return Ok(()),
    };
    let body = match reason {
        Some(r) => format!("{body}理由：{r}"),
        None => body,
    };
    notify_claimant(txn, c, &format!("claim.{event}"), title, body).await
}

pub const BULK_MAX: usize = 200;

/// The same decision on many claims: each in its own transaction, so one refused item does
/// not stop the others.
pub async fn bulk(state: &AppState, p: &Principal, input: BulkDecision) -> AppResult<BulkResult> {
    p.scope(Permission::ClaimReview)?;
    let mut checks = Checks::new();
    if !matches!(
        input.action,
        Action::Recognise | Action::Forward | Action::Confirm
    ) {
        checks.fail("action", "not_bulk", "批量操作只能认定、确认报送或复审通过");
    }
    if input.ids.is_empty() || input.ids.len() > BULK_MAX {
        checks.fail("ids", "bad_count", format!("请选择 1–{BULK_MAX} 条申报"));
    }
    checks.finish()?;
    let decision = Decision {
        action: input.action,
        hours: None,
        reason: input.reason,
        lock_version: None,
    };
    let mut items = Vec::with_capacity(input.ids.len());
    let mut seen = std::collections::HashSet::new();
    for id in input.ids {
        if !seen.insert(id) {
            continue;
        }
        let item = match decide(state, p, id, &decision).await {
            Ok((c, _)) => BulkItem {
                id,
                ok: true,
                state: Some(c.state),
                code: None,
                message: None,
            },
            Err(e) => {
                if let AppError::Internal(cause) = &e {
                    tracing::error!(error = %format!("{cause:#}"), "bulk review item failed");
                }
                let problem = e.to_problem();
                let now = claim::Entity::find_by_id(id)
                    .one(&state.db)
                    .await?
                    .filter(|_| problem.code != "not_found");
                BulkItem {
                    id,
                    ok: false,
                    state: now.map(|c| c.state),
                    code: Some(problem.code),
                    message: Some(problem.detail),
                }
            }
        };
        items.push(item);
    }
    let succeeded = items.iter().filter(|i| i.ok).count();
    Ok(BulkResult {
        failed: items.len() - succeeded,
        succeeded,
        items,
    })
}

/// Claims awaiting the caller's step.
pub async fn queue_count(state: &AppState, p: &Principal) -> AppResult<u64> {
    let scope = p.scope(Permission::ClaimReview)?;
    Ok(claim::Entity::find()
        .filter(claim::Column::AwaitingUnitId.is_in(step_units(p)))
        .filter(scope.path_condition(claim::Column::UnitPath))
        .count(&state.db)
        .await?)
}

pub async fn sampling_rates(state: &AppState, p: &Principal) -> AppResult<Vec<SamplingRate>> {
    p.scope(Permission::SamplingManage)?;
    let rates = sampling::entity::Entity::find().all(&state.db).await?;
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(rates.iter().map(|r| r.unit_id).collect::<Vec<_>>()))
        .all(&state.db)
        .await?;
    Ok(rates
        .into_iter()
        .map(|r| SamplingRate {
            unit_name: units
                .iter()
                .find(|u| u.id == r.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            unit_id: r.unit_id,
            percent: r.percent,
            updated_at: r.updated_at,
        })
        .collect())
}

pub async fn set_sampling(
    state: &AppState,
    p: &Principal,
    unit_id: Uuid,
    percent: i32,
) -> AppResult<SamplingRate> {
    let scope = p.scope(Permission::SamplingManage)?;
    let u = crate::orgs::service::find(&state.db, unit_id).await?;
    if !(0..=100).contains(&percent) {
        let mut checks = Checks::new();
        checks.fail("percent", "out_of_range", "抽查比例应在 0–100 之间");
        checks.finish()?;
    }
    let txn = state.db.begin().await?;
    let before = sampling::percent_for(&txn, &u.path).await?;
    sampling::set(&txn, unit_id, percent, p.user.id).await?;
    Audit::new("review.sampling_set", "unit")
        .entity(unit_id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .before(serde_json::json!({ "percent": before }))
        .after(serde_json::json!({ "percent": percent }))
        .scope(&u.path)
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(SamplingRate {
        unit_id,
        unit_name: u.name,
        percent,
        updated_at: Utc::now(),
    })
}
