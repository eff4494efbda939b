//! The checks of a class application (附件1) and the deadlines of D9.

use chrono::{Duration, NaiveDate};

use super::{
    entity::class,
    model::{ClassInput, PlanKind, Split, Tenths},
};
use crate::{
    fields::Checks,
    hours::{self},
    orgs::credit_code::is_valid_code,
};

/// D11: a day counts at most 8 hours.
const MAX_PER_DAY: i32 = 80;
/// D9: rosters are due within 7 days of the end date.
pub const ROSTER_DAYS: i64 = 7;

/// The application's checked fields.
pub struct Checked {
    pub unit_name: String,
    pub org_code: String,
    pub address: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub name: String,
    pub location: String,
    pub content: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub days: i32,
    pub hours_per_day: i32,
    pub total_hours: i32,
    pub planned_headcount: i32,
    pub plan_kind: PlanKind,
    pub plan_ref: Option<String>,
    pub hours: Tenths,
}

/// Checks every field, reporting all problems at once.
pub fn check(input: &ClassInput) -> crate::error::AppResult<Checked> {
    let mut c = Checks::new();
    let unit_name = c.text("unit_name", "单位名称", &input.unit_name, 200);
    let org_code: String = crate::fields::clean(&input.org_code)
        .chars()
        .filter(|ch| *ch != '-' && !ch.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if org_code.is_empty() {
        c.fail(
            "org_code",
            "required",
            "请填写组织机构代码或统一社会信用代码",
        );
    } else if !is_valid_code(&org_code) {
        c.fail(
            "org_code",
            "invalid_code",
            "组织机构代码（9 位）或统一社会信用代码（18 位）校验不通过，请核对",
        );
    }
    let address = c.text("address", "单位地址", &input.address, 255);
    let contact_person = c.person_name("contact_person", &input.contact_person);
    let contact_phone = c
        .contact_phone("contact_phone", Some(&input.contact_phone))
        .unwrap_or_default();
    if contact_phone.is_empty() && crate::fields::clean(&input.contact_phone).is_empty() {
        c.fail("contact_phone", "required", "请填写联系电话");
    }
    let name = c.text("name", "培训班名称", &input.name, 200);
    let location = c.text("location", "培训地点", &input.location, 200);
    let content = c.text("content", "培训主要内容", &input.content, 2000);
    if input.end_date < input.start_date {
        c.fail("end_date", "end_before_start", "结束日期不能早于开始日期");
    }
    let span = (input.end_date - input.start_date).num_days() + 1;
    if input.days < 1 {
        c.fail("days", "not_positive", "培训天数应至少 1 天");
    } else if span >= 1 && i64::from(input.days) > span {
        c.fail(
            "days",
            "too_many_days",
            format!("培训天数不能超过起止日期之间的 {span} 天"),
        );
    }
    let per_day = c.hours("hours_per_day", "每天认定学时", input.hours_per_day, true);
    if per_day.is_some_and(|h| h > MAX_PER_DAY) {
        c.fail(
            "hours_per_day",
            "over_daily_cap",
            "每天认定学时不能超过 8 学时",
        );
    }
    let total = c.hours("total_hours", "总学时", input.total_hours, true);
    if let (Some(t), Some(d)) = (total, per_day)
        && input.days >= 1
        && i64::from(t) > i64::from(d) * i64::from(input.days)
    {
        c.fail(
            "total_hours",
            "over_days",
            format!(
                "总学时不能超过 天数 × 每天学时（{} 学时）",
                hours::fmt(d * input.days)
            ),
        );
    }
    if input.planned_headcount < 1 {
        c.fail(
            "planned_headcount",
            "not_positive",
            "计划培训人数应至少 1 人",
        );
    } else if input.planned_headcount > 100_000 {
        c.fail("planned_headcount", "too_large", "计划培训人数过大");
    }
    let plan_ref = c.optional_text("plan_ref", "计划或隶属说明", input.plan_ref.as_deref(), 255);
    let split = split_tenths(&mut c, "hours", &input.hours);
    if let (Some(s), Some(t)) = (split, total)
        && s.total() != t
    {
        c.fail(
            "hours",
            "split_mismatch",
            format!(
                "各类别学时之和（{}）应等于总学时（{}）",
                hours::fmt(s.total()),
                hours::fmt(t)
            ),
        );
    }
    c.finish()?;
    Ok(Checked {
        unit_name,
        org_code,
        address,
        contact_person,
        contact_phone,
        name,
        location,
        content,
        start_date: input.start_date,
        end_date: input.end_date,
        days: input.days,
        hours_per_day: per_day.unwrap_or_default(),
        total_hours: total.unwrap_or_default(),
        planned_headcount: input.planned_headcount,
        plan_kind: input.plan_kind,
        plan_ref,
        hours: split.unwrap_or_default(),
    })
}

/// A category split: each part 0 or a positive multiple of 0.5, together more than 0.
pub fn split_tenths(c: &mut Checks, field: &str, s: &Split) -> Option<Tenths> {
    let mut part = |v: f64, label: &str| {
        if v == 0.0 {
            Some(0)
        } else {
            c.hours(field, label, v, true)
        }
    };
    let t = Tenths {
        professional: part(s.professional, "专业科目学时")?,
        industry_public: part(s.industry_public, "行业公需科目学时")?,
        general_public: part(s.general_public, "一般公需科目学时")?,
    };
    if t.total() == 0 {
        c.fail(field, "required", "请填写学时的科目类别");
        return None;
    }
    Some(t)
}

/// D9: the last day to submit the application.
pub fn application_deadline(start: NaiveDate, kind: PlanKind) -> NaiveDate {
    start - Duration::days(kind.lead_days())
}

/// D9: the last day to upload the roster.
pub fn roster_due(end: NaiveDate) -> NaiveDate {
    end + Duration::days(ROSTER_DAYS)
}

pub fn state_label(state: &str) -> &'static str {
    match state {
        class::DRAFT => "草稿",
        class::SUBMITTED => "待审核",
        class::APPROVED => "已同意",
        class::REJECTED => "不同意",
        class::POSTED => "已登记学时",
        _ => "未知",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn deadlines_are_calendar_days() {
        assert_eq!(
            application_deadline(d("2026-12-10"), PlanKind::AnnualPlan),
            d("2026-12-03")
        );
        assert_eq!(
            application_deadline(d("2026-12-10"), PlanKind::Affiliated),
            d("2026-11-26")
        );
        assert_eq!(roster_due(d("2026-12-28")), d("2027-01-04"));
    }

    #[test]
    fn a_lower_row_is_spread_in_proportion() {
        let t = Tenths {
            professional: 160,
            industry_public: 80,
            general_public: 0,
        };
        assert_eq!(t.scaled_to(240), t);
        let half = t.scaled_to(120);
        assert_eq!(half.total(), 120);
        assert_eq!((half.professional, half.industry_public), (80, 40));
        let odd = t.scaled_to(25);
        assert_eq!(odd.total(), 25);
    }
}
