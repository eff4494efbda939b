//! Pathway rules and year settings: reading the versions in force, publishing a new version
//! (the only write; history stays as it was), and the yearly thresholds.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    model::{LevelView, PathwayRule, PublishRule, UpdateYear, VersionStatus, YearSettings},
    rule::{self, DateKind, Evidence, Formula, Level, Levels},
    year,
};
use crate::{
    app::AppState,
    audit::Audit,
    auth::{Principal, permissions::Permission},
    calendar::today,
    error::{AppError, AppResult},
    fields::Checks,
    hours::{Hours, fmt},
};

/// The version of `code` in force on `on`: the latest effective date on or before it, and
/// of those the highest version.
pub async fn in_force(
    db: &impl ConnectionTrait,
    code: &str,
    on: NaiveDate,
) -> AppResult<Option<rule::Model>> {
    Ok(rule::Entity::find()
        .filter(rule::Column::Code.eq(code))
        .filter(rule::Column::EffectiveFrom.lte(on))
        .order_by_desc(rule::Column::EffectiveFrom)
        .order_by_desc(rule::Column::Version)
        .one(db)
        .await?)
}

/// Every pathway's version in force on `on`, by code (P1, P2, …, P10 in natural order); a
/// pathway whose first version starts later shows that version, marked scheduled.
pub async fn catalogue(state: &AppState, on: Option<NaiveDate>) -> AppResult<Vec<PathwayRule>> {
    let on = on.unwrap_or_else(today);
    let all = rule::Entity::find().all(&state.db).await?;
    let mut by_code: BTreeMap<(usize, String), Vec<rule::Model>> = BTreeMap::new();
    for r in all {
        by_code
            .entry((code_order(&r.code), r.code.clone()))
            .or_default()
            .push(r);
    }
    Ok(by_code
        .into_values()
        .filter_map(|versions| {
            let statuses = statuses(&versions, on);
            let mut versions: Vec<_> = versions.into_iter().zip(statuses).collect();
            versions.sort_by_key(|(r, _)| (r.effective_from, r.version));
            let pick = match versions
                .iter()
                .position(|(_, s)| *s == VersionStatus::InForce)
            {
                Some(i) => i,
                None if !versions.is_empty() => 0,
                None => return None,
            };
            let (r, s) = versions.swap_remove(pick);
            Some(view(r, s))
        })
        .collect())
}

/// All versions of one pathway, newest first.
pub async fn versions(state: &AppState, code: &str) -> AppResult<Vec<PathwayRule>> {
    let versions = rule::Entity::find()
        .filter(rule::Column::Code.eq(code))
        .all(&state.db)
        .await?;
    if versions.is_empty() {
        return Err(AppError::NotFound);
    }
    let statuses = statuses(&versions, today());
    let mut out: Vec<_> = versions
        .into_iter()
        .zip(statuses)
        .map(|(r, s)| view(r, s))
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.version));
    Ok(out)
}

/// Publishes a new version of `code` (creating the pathway when the code is new).
pub async fn publish(
    state: &AppState,
    p: &Principal,
    code: &str,
    input: PublishRule,
) -> AppResult<PathwayRule> {
    let scope = p.scope(Permission::RuleManage)?;
    let code = code.trim().to_uppercase();
    let mut checks = Checks::new();
    let code_ok = (1..=8).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !code_ok {
        checks.fail(
            "code",
            "invalid_code",
            "途径代码应为 1–8 位大写字母或数字，以字母开头",
        );
    }
    let txn = state.db.begin().await?;
    let latest = rule::Entity::find()
        .filter(rule::Column::Code.eq(&code))
        .order_by_desc(rule::Column::Version)
        .all(&txn)
        .await?;
    let latest_date = latest.iter().map(|r| r.effective_from).max();
    if let Some(d) = latest_date.filter(|d| input.effective_from < *d) {
        checks.fail(
            "effective_from",
            "before_latest_version",
            format!("生效日期不得早于最近一个版本的生效日期 {d}"),
        );
    }
    let row = checked_rule(&mut checks, input);
    checks.finish()?;
    let version = latest.first().map_or(1, |r| r.version + 1);
    let row = rule::ActiveModel {
        id: Set(Uuid::now_v7()),
        code: Set(code.clone()),
        version: Set(version),
        created_by: Set(Some(p.user.id)),
        created_at: Set(Utc::now()),
        ..row
    }
    .insert(&txn)
    .await?;
    Audit::new("pathway_rule.published", "pathway_rule")
        .entity(row.id)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .before(latest.first().map_or(json!(null), rule_json))
        .after(rule_json(&row))
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    let status = if row.effective_from > today() {
        VersionStatus::Scheduled
    } else {
        VersionStatus::InForce
    };
    Ok(view(row, status))
}

/// Field checks of a rule body; the returned model lacks id, code, version and creator.
fn checked_rule(checks: &mut Checks, input: PublishRule) -> rule::ActiveModel {
    let name = checks.text("name", "途径名称", &input.name, 64);
    let note = checks.optional_text("note", "说明", input.note.as_deref(), 500);
    let amount = checks.optional_hours("amount", "学时标准", input.amount, true);
    let factor = checks.optional_hours("factor", "系数", input.factor, false);
    let per_item_cap = checks.optional_hours("per_item_cap", "单项上限", input.per_item_cap, true);
    let per_year_cap = checks.optional_hours("per_year_cap", "年度上限", input.per_year_cap, true);
    let mut levels = Vec::new();
    match input.formula {
        Formula::Fixed | Formula::Per10kChars if amount.is_none() => {
            checks.fail("amount", "required", "请填写学时标准");
        }
        Formula::PerDay => match amount {
            None => checks.fail("amount", "required", "请填写每天学时"),
            Some(a) if a > super::formula::DAY_CAP => {
                checks.fail("amount", "over_daily_cap", "每天学时不能超过 8");
            }
            _ => {}
        },
        Formula::PerHour if factor.is_none_or(|f| f > 100) => {
            checks.fail("factor", "invalid_factor", "请填写 0.1–10 之间的系数");
        }
        Formula::Table => {
            if input.levels.is_empty() {
                checks.fail("levels", "required", "请至少填写一个级别");
            }
            for (i, l) in input.levels.iter().enumerate() {
                let field = format!("levels[{i}]");
                let name = checks.text(&field, "级别名称", &l.name, 64);
                if levels.iter().any(|x: &Level| x.name == name) {
                    checks.fail(&field, "duplicate_level", format!("级别「{name}」重复"));
                }
                if l.values.is_empty() || l.values.len() > 20 {
                    checks.fail(&field, "invalid_ranks", "每个级别应填写 1–20 个名次的学时");
                }
                let values = l
                    .values
                    .iter()
                    .filter_map(|v| checks.hours(&field, "名次学时", *v, true))
                    .collect();
                levels.push(Level { name, values });
            }
        }
        _ => {}
    }
    let mut evidence: Vec<rule::EvidenceItem> = Vec::new();
    for (i, item) in input.evidence.iter().enumerate() {
        let field = format!("evidence[{i}]");
        let name = checks.text(&field, "材料名称", &item.name, 64);
        if evidence.iter().any(|e| e.name == name) {
            checks.fail(&field, "duplicate_item", format!("材料「{name}」重复"));
        }
        evidence.push(rule::EvidenceItem {
            name,
            required: item.required,
        });
    }
    if evidence.len() > 10 {
        checks.fail("evidence", "too_many_items", "材料清单最多 10 项");
    }
    // Each required item needs its own image, and a claim holds at most five.
    if evidence.iter().filter(|e| e.required).count() > 5 {
        checks.fail(
            "evidence",
            "too_many_required",
            "必传材料最多 5 项（每项申报最多 5 张图片）",
        );
    }
    if input.formula == Formula::PerDay && input.date_kind != DateKind::Period {
        checks.fail(
            "date_kind",
            "period_required",
            "按天计算的途径须填写起止日期",
        );
    }
    rule::ActiveModel {
        effective_from: Set(input.effective_from),
        name: Set(name),
        category: Set(input.category),
        formula: Set(input.formula),
        amount: Set(amount.filter(|_| {
            matches!(
                input.formula,
                Formula::Fixed | Formula::PerDay | Formula::Per10kChars
            )
        })),
        factor: Set(factor.filter(|_| input.formula == Formula::PerHour)),
        levels: Set((input.formula == Formula::Table).then_some(Levels(levels))),
        per_item_cap: Set(per_item_cap),
        per_year_cap: Set(per_year_cap),
        date_kind: Set(input.date_kind),
        evidence: Set(Evidence(evidence)),
        proof_required: Set(input.proof_required),
        claimable: Set(input.claimable),
        enabled: Set(input.enabled),
        pending_confirmation: Set(input.pending_confirmation),
        note: Set(note),
        ..Default::default()
    }
}

/// P2 before P10: by the number in the code, then the code itself.
fn code_order(code: &str) -> usize {
    code.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(usize::MAX)
}

/// Each version's standing on `on`, in the order given.
fn statuses(versions: &[rule::Model], on: NaiveDate) -> Vec<VersionStatus> {
    let current = versions
        .iter()
        .filter(|r| r.effective_from <= on)
        .max_by_key(|r| (r.effective_from, r.version))
        .map(|r| r.id);
    versions
        .iter()
        .map(|r| {
            if Some(r.id) == current {
                VersionStatus::InForce
            } else if r.effective_from > on {
                VersionStatus::Scheduled
            } else {
                VersionStatus::Superseded
            }
        })
        .collect()
}

/// One version with its standing today (a claim may use a version since superseded).
pub async fn view_at_today(db: &impl ConnectionTrait, r: rule::Model) -> AppResult<PathwayRule> {
    let versions = rule::Entity::find()
        .filter(rule::Column::Code.eq(&r.code))
        .all(db)
        .await?;
    let status = versions
        .iter()
        .zip(statuses(&versions, today()))
        .find(|(v, _)| v.id == r.id)
        .map_or(VersionStatus::InForce, |(_, s)| s);
    Ok(view(r, status))
}

pub fn summary(r: &rule::Model) -> String {
    let h = |t: Option<i32>| fmt(t.unwrap_or(0));
    let base = match r.formula {
        Formula::Fixed => format!("每项 {} 学时", h(r.amount)),
        Formula::PerDay => format!("按天计，每天 {} 学时", h(r.amount)),
        Formula::PerHour => format!("实际学时 × {}", h(r.factor)),
        Formula::Per10kChars => format!("每万字 {} 学时", h(r.amount)),
        Formula::Table => "按级别与排名".to_owned(),
        Formula::Approved => "按核定".to_owned(),
    };
    let mut parts = vec![base];
    if let Some(c) = r.per_item_cap {
        parts.push(format!("每项最多 {} 学时", fmt(c)));
    }
    if let Some(c) = r.per_year_cap {
        parts.push(format!("每年最多 {} 学时", fmt(c)));
    }
    parts.join("，")
}

pub fn view(r: rule::Model, status: VersionStatus) -> PathwayRule {
    PathwayRule {
        summary: summary(&r),
        id: r.id,
        code: r.code,
        version: r.version,
        effective_from: r.effective_from,
        status,
        name: r.name,
        category: r.category,
        formula: r.formula,
        amount: r.amount.map(Hours),
        factor: r.factor.map(Hours),
        levels: r
            .levels
            .map(|l| {
                l.0.into_iter()
                    .map(|l| LevelView {
                        name: l.name,
                        values: l.values.into_iter().map(Hours).collect(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        per_item_cap: r.per_item_cap.map(Hours),
        per_year_cap: r.per_year_cap.map(Hours),
        date_kind: r.date_kind,
        evidence: r.evidence.0,
        proof_required: r.proof_required,
        claimable: r.claimable,
        enabled: r.enabled,
        pending_confirmation: r.pending_confirmation,
        note: r.note,
        created_at: r.created_at,
    }
}

fn rule_json(r: &rule::Model) -> serde_json::Value {
    json!({
        "code": r.code, "version": r.version, "effective_from": r.effective_from,
        "name": r.name, "formula": r.formula, "amount": r.amount, "factor": r.factor,
        "levels": r.levels.as_ref().map(|l| &l.0), "per_item_cap": r.per_item_cap,
        "per_year_cap": r.per_year_cap, "evidence": r.evidence.0, "enabled": r.enabled,
        "claimable": r.claimable, "pending_confirmation": r.pending_confirmation,
    })
}

/// The settings of `year`: its row, or the defaults.
pub async fn year_settings(db: &impl ConnectionTrait, year: i32) -> AppResult<year::Model> {
    Ok(year::Entity::find_by_id(year)
        .one(db)
        .await?
        .unwrap_or_else(|| year::default_for(year)))
}

pub async fn get_year(state: &AppState, y: i32) -> AppResult<YearSettings> {
    check_year_range(y)?;
    let row = year::Entity::find_by_id(y).one(&state.db).await?;
    let is_default = row.is_none();
    Ok(year_view(
        row.unwrap_or_else(|| year::default_for(y)),
        is_default,
    ))
}

pub async fn update_year(
    state: &AppState,
    p: &Principal,
    y: i32,
    input: UpdateYear,
) -> AppResult<YearSettings> {
    let scope = p.scope(Permission::YearManage)?;
    check_year_range(y)?;
    let mut checks = Checks::new();
    let total = checks.hours("total_min", "总学时要求", input.total_min, true);
    let prof = checks.hours(
        "professional_min",
        "专业科目要求",
        input.professional_min,
        true,
    );
    let public = checks.hours("public_min", "公需科目要求", input.public_min, true);
    let industry = checks.hours(
        "industry_public_min",
        "行业公需科目要求",
        input.industry_public_min,
        true,
    );
    if let (Some(t), Some(pr), Some(pu)) = (total, prof, public)
        && pr + pu > t
    {
        checks.fail(
            "total_min",
            "minima_exceed_total",
            "专业科目与公需科目要求之和不能超过总学时要求",
        );
    }
    if let (Some(pu), Some(i)) = (public, industry)
        && i > pu
    {
        checks.fail(
            "industry_public_min",
            "exceeds_public",
            "行业公需科目要求不能超过公需科目要求",
        );
    }
    if input.claim_deadline.year() < y {
        checks.fail(
            "claim_deadline",
            "before_year",
            format!("申报截止日期不能早于 {y} 年"),
        );
    }
    checks.finish()?;
    let txn = state.db.begin().await?;
    let before = year::Entity::find_by_id(y).one(&txn).await?;
    let row = year::ActiveModel {
        year: Set(y),
        total_min: Set(total.unwrap_or_default()),
        professional_min: Set(prof.unwrap_or_default()),
        public_min: Set(public.unwrap_or_default()),
        industry_public_min: Set(industry.unwrap_or_default()),
        require_category_minima: Set(input.require_category_minima),
        claim_deadline: Set(input.claim_deadline),
        updated_by: Set(Some(p.user.id)),
        updated_at: Set(Utc::now()),
    };
    let row = if before.is_some() {
        row.update(&txn).await?
    } else {
        row.insert(&txn).await?
    };
    Audit::new("year_settings.updated", "year_settings")
        .entity(y)
        .actor(p.user.id)
        .role(scope.role, scope.unit_id)
        .before(before.as_ref().map_or(json!(null), year_json))
        .after(year_json(&row))
        .ip(p.ip.clone())
        .save(&txn)
        .await?;
    txn.commit().await?;
    Ok(year_view(row, false))
}

fn check_year_range(y: i32) -> AppResult<()> {
    if (2000..=today().year() + 1).contains(&y) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Claims of `settings.year` may be created or submitted today.
pub fn is_open(settings: &year::Model) -> bool {
    let today = today();
    settings.year <= today.year() && today <= settings.claim_deadline
}

fn year_view(r: year::Model, is_default: bool) -> YearSettings {
    YearSettings {
        open: is_open(&r),
        year: r.year,
        total_min: Hours(r.total_min),
        professional_min: Hours(r.professional_min),
        public_min: Hours(r.public_min),
        industry_public_min: Hours(r.industry_public_min),
        require_category_minima: r.require_category_minima,
        claim_deadline: r.claim_deadline,
        is_default,
    }
}

fn year_json(r: &year::Model) -> serde_json::Value {
    json!({
        "total_min": r.total_min, "professional_min": r.professional_min,
        "public_min": r.public_min, "industry_public_min": r.industry_public_min,
        "require_category_minima": r.require_category_minima,
        "claim_deadline": r.claim_deadline,
    })
}
