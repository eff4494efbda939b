//! What an activity is worth under a rule version: the suggestion the form shows and the
//! most a claim may ask for. Pure functions over tenths, so every formula is unit-tested.

use chrono::NaiveDate;

use super::rule::{DateKind, Formula, Model as Rule};
use crate::{fields::Checks, hours::fmt};

/// A day counts at most 8 hours (D11).
pub const DAY_CAP: i32 = 80;

/// The facts of an activity the formulas read.
#[derive(Debug, Clone, Default)]
pub struct Basis {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Tenths; `per_hour`.
    pub actual_hours: Option<i32>,
    /// `per_10k_chars`.
    pub characters: Option<i64>,
    /// `table`: a level's name and the 1-based rank.
    pub level: Option<String>,
    pub rank: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evaluation {
    /// What the form proposes, on the 0.5 grid; `None` for 按核定.
    pub suggested: Option<i32>,
    /// The most the claim may ask for: the formula's value and the per-item cap.
    pub max: Option<i32>,
    /// Calendar days of a period (end − start + 1).
    pub days: Option<i32>,
    /// One Chinese sentence telling how the figure came about.
    pub explanation: String,
}

/// Evaluates `rule` on `basis`; missing or inconsistent inputs become field errors.
pub fn evaluate(rule: &Rule, basis: &Basis, checks: &mut Checks) -> Evaluation {
    let days = period_days(rule, basis, checks);
    let (value, explanation) = match rule.formula {
        Formula::Fixed => {
            let a = rule.amount.unwrap_or(0);
            (Some(a), format!("每项 {} 学时", fmt(a)))
        }
        Formula::PerDay => match days {
            Some(d) => {
                let per_day = rule.amount.unwrap_or(DAY_CAP).min(DAY_CAP);
                (
                    Some(per_day * d),
                    format!("{d} 天 × 每天 {} 学时", fmt(per_day)),
                )
            }
            None => (None, "按天计算".into()),
        },
        Formula::PerHour => {
            let factor = rule.factor.unwrap_or(10);
            match basis.actual_hours {
                Some(h) if h > 0 => {
                    if let Some(d) = days.filter(|d| h > DAY_CAP * d) {
                        checks.fail(
                            "actual_hours",
                            "over_daily_cap",
                            format!("{d} 天的实际学时不能超过 {}", fmt(DAY_CAP * d)),
                        );
                    }
                    let v = crate::hours::floor_half(i64::from(h) * i64::from(factor) / 10);
                    (Some(v), format!("实际 {} 学时 × {}", fmt(h), fmt(factor)))
                }
                _ => {
                    checks.fail("actual_hours", "required", "请填写实际学时");
                    (None, String::new())
                }
            }
        }
        Formula::Per10kChars => {
            let per = rule.amount.unwrap_or(0);
            match basis.characters {
                Some(c) if c > 0 => (
                    Some(crate::hours::floor_half(c * i64::from(per) / 10_000)),
                    format!("{:.1} 万字 × 每万字 {} 学时", c as f64 / 10_000.0, fmt(per)),
                ),
                _ => {
                    checks.fail("characters", "required", "请填写字数（应大于 0）");
                    (None, String::new())
                }
            }
        }
        Formula::Table => table_value(rule, basis, checks),
        Formula::Approved => (None, "按核定：由审核人员核定学时".into()),
    };
    let max = match (value, rule.per_item_cap) {
        (Some(v), Some(cap)) => Some(v.min(cap)),
        (v, cap) => v.or(cap),
    };
    let explanation = match rule.per_item_cap {
        Some(cap) if value.is_none_or(|v| v > cap) => {
            let cap = format!("每项最多 {} 学时", fmt(cap));
            if explanation.is_empty() {
                cap
            } else {
                format!("{explanation}，{cap}")
            }
        }
        _ => explanation,
    };
    Evaluation {
        // 按核定 suggests nothing: the cap is a limit, not a proposal.
        suggested: value
            .and(max)
            .map(|m| crate::hours::floor_half(i64::from(m))),
        max,
        days,
        explanation,
    }
}

/// The days of a period rule, with the date checks every formula needs.
fn period_days(rule: &Rule, basis: &Basis, checks: &mut Checks) -> Option<i32> {
    let end = basis.end?;
    match (rule.date_kind, basis.start) {
        (DateKind::Period, None) => {
            checks.fail("start_date", "required", "请填写开始日期");
            None
        }
        (DateKind::Period, Some(start)) if start > end => {
            checks.fail("end_date", "before_start", "结束日期不能早于开始日期");
            None
        }
        (DateKind::Period, Some(start)) => i32::try_from((end - start).num_days() + 1).ok(),
        (DateKind::Single, _) => None,
    }
}

fn table_value(rule: &Rule, basis: &Basis, checks: &mut Checks) -> (Option<i32>, String) {
    let levels = rule.levels.as_ref().map(|l| l.0.as_slice()).unwrap_or(&[]);
    let Some(name) = basis.level.as_deref().filter(|s| !s.is_empty()) else {
        checks.fail("level", "required", "请选择级别");
        return (None, String::new());
    };
    let Some(level) = levels.iter().find(|l| l.name == name) else {
        checks.fail(
            "level",
            "unknown_level",
            format!("级别「{name}」不在本途径的认定表中"),
        );
        return (None, String::new());
    };
    let rank = basis.rank.unwrap_or(1);
    let Some(value) = usize::try_from(rank - 1)
        .ok()
        .and_then(|i| level.values.get(i))
    else {
        checks.fail(
            "rank",
            "rank_not_counted",
            format!("{}只认定前 {} 名", level.name, level.values.len()),
        );
        return (None, String::new());
    };
    let rank_text = if level.values.len() > 1 {
        format!("第 {rank} 名")
    } else {
        String::new()
    };
    (
        Some(*value),
        format!("{}{rank_text}：{} 学时", level.name, fmt(*value)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rule::{Category, Evidence, Level, Levels};

    fn rule(formula: Formula) -> Rule {
        Rule {
            id: uuid::Uuid::nil(),
            code: "PX".into(),
            version: 1,
            effective_from: date(2018, 1, 1),
            name: "测试".into(),
            category: Category::Professional,
            formula,
            amount: None,
            factor: None,
            levels: None,
            per_item_cap: None,
            per_year_cap: None,
            date_kind: DateKind::Single,
            evidence: Evidence(vec![]),
            proof_required: true,
            claimable: true,
            enabled: true,
            pending_confirmation: true,
            note: None,
            created_by: None,
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn single(end: NaiveDate) -> Basis {
        Basis {
            end: Some(end),
            ..Basis::default()
        }
    }

    fn eval(rule: &Rule, basis: &Basis) -> Result<Evaluation, Vec<String>> {
        let mut checks = Checks::new();
        let e = evaluate(rule, basis, &mut checks);
        match checks.finish() {
            Ok(()) => Ok(e),
            Err(crate::error::AppError::Invalid(f)) => Err(f.into_iter().map(|f| f.code).collect()),
            Err(other) => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn fixed_per_item_with_cap() {
        let mut r = rule(Formula::Fixed);
        r.amount = Some(400);
        let e = eval(&r, &single(date(2026, 5, 1))).expect("ok");
        assert_eq!((e.suggested, e.max), (Some(400), Some(400)));
        r.per_item_cap = Some(300);
        let e = eval(&r, &single(date(2026, 5, 1))).expect("ok");
        assert_eq!((e.suggested, e.max), (Some(300), Some(300)));
        assert!(
            e.explanation.contains("每项最多 30 学时"),
            "{}",
            e.explanation
        );
    }

    #[test]
    fn per_day_caps_each_day_at_eight() {
        let mut r = rule(Formula::PerDay);
        r.date_kind = DateKind::Period;
        r.amount = Some(80);
        let three_days = Basis {
            start: Some(date(2026, 3, 1)),
            end: Some(date(2026, 3, 3)),
            ..Basis::default()
        };
        let e = eval(&r, &three_days).expect("ok");
        assert_eq!(
            (e.suggested, e.max, e.days),
            (Some(240), Some(240), Some(3))
        );
        // A rule configured above 8 h a day still yields at most 8 (D11).
        r.amount = Some(120);
        assert_eq!(eval(&r, &three_days).expect("ok").max, Some(240));
        // Per-item cap (e.g. P14 ≤ 30 h per trip).
        r.per_item_cap = Some(300);
        let week = Basis {
            start: Some(date(2026, 3, 1)),
            end: Some(date(2026, 3, 7)),
            ..Basis::default()
        };
        assert_eq!(eval(&r, &week).expect("ok").max, Some(300));
        let backwards = Basis {
            start: Some(date(2026, 3, 5)),
            end: Some(date(2026, 3, 1)),
            ..Basis::default()
        };
        assert_eq!(
            eval(&r, &backwards).expect_err("refused"),
            vec!["before_start"]
        );
        assert_eq!(
            eval(&r, &single(date(2026, 3, 1))).expect_err("refused"),
            vec!["required"]
        );
    }

    #[test]
    fn per_hour_times_factor() {
        let mut r = rule(Formula::PerHour);
        r.factor = Some(20);
        r.date_kind = DateKind::Period;
        let b = Basis {
            start: Some(date(2026, 4, 1)),
            end: Some(date(2026, 4, 1)),
            actual_hours: Some(35),
            ..Basis::default()
        };
        let e = eval(&r, &b).expect("ok");
        assert_eq!(e.max, Some(70));
        // 2.5 h × 1.5 = 3.75 → 3.5 on the half-hour grid.
        r.factor = Some(15);
        let b = Basis {
            actual_hours: Some(25),
            ..b
        };
        assert_eq!(eval(&r, &b).expect("ok").max, Some(35));
        let too_long = Basis {
            actual_hours: Some(90),
            ..b.clone()
        };
        assert_eq!(
            eval(&r, &too_long).expect_err("refused"),
            vec!["over_daily_cap"]
        );
        let missing = Basis {
            actual_hours: None,
            ..b
        };
        assert_eq!(eval(&r, &missing).expect_err("refused"), vec!["required"]);
    }

    #[test]
    fn per_ten_thousand_characters() {
        let mut r = rule(Formula::Per10kChars);
        r.amount = Some(50);
        r.per_item_cap = Some(720);
        let b = |c| Basis {
            characters: Some(c),
            ..single(date(2026, 6, 1))
        };
        assert_eq!(eval(&r, &b(25_000)).expect("ok").max, Some(125));
        assert_eq!(eval(&r, &b(9_999)).expect("ok").max, Some(45));
        assert_eq!(eval(&r, &b(5_000_000)).expect("ok").max, Some(720));
        assert_eq!(eval(&r, &b(0)).expect_err("refused"), vec!["required"]);
        // Before the count is known, the hint is the cap alone.
        let mut checks = Checks::new();
        let e = evaluate(&r, &single(date(2026, 6, 1)), &mut checks);
        assert_eq!(e.explanation, "每项最多 72 学时");
    }

    #[test]
    fn level_by_rank_table() {
        let mut r = rule(Formula::Table);
        r.levels = Some(Levels(vec![
            Level {
                name: "国家级".into(),
                values: vec![640, 560, 480],
            },
            Level {
                name: "省级".into(),
                values: vec![80],
            },
        ]));
        let b = |level: &str, rank| Basis {
            level: Some(level.into()),
            rank,
            ..single(date(2026, 6, 1))
        };
        assert_eq!(eval(&r, &b("国家级", Some(2))).expect("ok").max, Some(560));
        assert_eq!(eval(&r, &b("省级", None)).expect("ok").max, Some(80));
        assert_eq!(
            eval(&r, &b("国家级", Some(4))).expect_err("refused"),
            vec!["rank_not_counted"]
        );
        assert_eq!(
            eval(&r, &b("国家级", Some(0))).expect_err("refused"),
            vec!["rank_not_counted"]
        );
        assert_eq!(
            eval(&r, &b("市级", Some(1))).expect_err("refused"),
            vec!["unknown_level"]
        );
        assert_eq!(
            eval(&r, &b("", Some(1))).expect_err("refused"),
            vec!["required"]
        );
    }

    #[test]
    fn approved_has_only_the_cap() {
        let mut r = rule(Formula::Approved);
        let e = eval(&r, &single(date(2026, 6, 1))).expect("ok");
        assert_eq!((e.suggested, e.max), (None, None));
        r.per_item_cap = Some(900);
        let e = eval(&r, &single(date(2026, 6, 1))).expect("ok");
        assert_eq!((e.suggested, e.max), (None, Some(900)));
    }
}
