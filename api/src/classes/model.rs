//! Request and response bodies of the class endpoints.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::hours::Hours;

/// Hours per attendee by subject category (D2 buckets), as sent.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
pub struct Split {
    /// 专业科目.
    pub professional: f64,
    /// 行业公需科目.
    pub industry_public: f64,
    /// 一般公需科目.
    pub general_public: f64,
}

/// The same in tenths, as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tenths {
    pub professional: i32,
    pub industry_public: i32,
    pub general_public: i32,
}

impl Tenths {
    pub fn total(&self) -> i32 {
        self.professional + self.industry_public + self.general_public
    }

    pub fn split(&self) -> Split {
        let h = |t: i32| f64::from(t) / 10.0;
        Split {
            professional: h(self.professional),
            industry_public: h(self.industry_public),
            general_public: h(self.general_public),
        }
    }

    /// A row's 认定学时 spread over the buckets in the approved proportion: each bucket
    /// scaled down, the rounding remainder to the largest, so the parts sum to `hours`.
    pub fn scaled_to(&self, hours: i32) -> Tenths {
        let total = self.total();
        if total <= 0 || hours >= total {
            return *self;
        }
        let part =
            |t: i32| i32::try_from(i64::from(t) * i64::from(hours) / i64::from(total)).unwrap_or(0);
        let mut out = Tenths {
            professional: part(self.professional),
            industry_public: part(self.industry_public),
            general_public: part(self.general_public),
        };
        let rest = hours - out.total();
        let largest = [self.professional, self.industry_public, self.general_public]
            .iter()
            .enumerate()
            .max_by_key(|(i, v)| (**v, std::cmp::Reverse(*i)))
            .map_or(0, |(i, _)| i);
        match largest {
            0 => out.professional += rest,
            1 => out.industry_public += rest,
            _ => out.general_public += rest,
        }
        out
    }
}

/// `annual_plan`: on the 年度培训项目计划, submitted ≥ 7 days ahead; `affiliated`: run by a
/// 厅直属单位 or 厅管社团, ≥ 14 days ahead (D9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    AnnualPlan,
    Affiliated,
}

impl PlanKind {
    pub fn code(self) -> &'static str {
        match self {
            PlanKind::AnnualPlan => super::entity::class::ANNUAL_PLAN,
            PlanKind::Affiliated => super::entity::class::AFFILIATED,
        }
    }

    pub fn parse(code: &str) -> PlanKind {
        if code == super::entity::class::AFFILIATED {
            PlanKind::Affiliated
        } else {
            PlanKind::AnnualPlan
        }
    }

    /// Calendar days between submission and the start date at least.
    pub fn lead_days(self) -> i64 {
        match self {
            PlanKind::AnnualPlan => 7,
            PlanKind::Affiliated => 14,
        }
    }
}

/// Every field of 附件1 (专业技术人员继续教育培训班学时认定申请表).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ClassInput {
    /// 单位名称.
    pub unit_name: String,
    /// 组织机构代码 (9) or 统一社会信用代码 (18), checked.
    pub org_code: String,
    pub address: String,
    /// 联系人.
    pub contact_person: String,
    /// 联系电话.
    pub contact_phone: String,
    /// 培训班名称.
    pub name: String,
    /// 培训地点.
    pub location: String,
    /// 培训主要内容.
    pub content: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// 共 n 天.
    pub days: i32,
    /// 按每天 n 学时认定 (≤ 8, D11).
    pub hours_per_day: f64,
    /// 共计 n 学时 (≤ days × hours_per_day).
    pub total_hours: f64,
    /// 计划培训人数.
    pub planned_headcount: i32,
    pub plan_kind: PlanKind,
    /// The plan item or the affiliation, free text.
    pub plan_ref: Option<String>,
    /// The subject category of the hours, or a split; sums to `total_hours`.
    pub hours: Split,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ClassFilter {
    /// `draft`, `submitted`, `approved`, `rejected`, `posted`.
    pub state: Option<String>,
    /// Part of the class or unit name.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassSummary {
    pub id: Uuid,
    pub name: String,
    pub unit_name: String,
    pub organiser_unit_id: Uuid,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    #[schema(value_type = f64)]
    pub total_hours: Hours,
    /// Recognised per attendee, once approved.
    #[schema(value_type = Option<f64>)]
    pub approved_hours: Option<Hours>,
    pub planned_headcount: i32,
    pub plan_kind: PlanKind,
    pub state: String,
    pub state_label: String,
    /// D9: the last day to submit the application.
    pub application_deadline: NaiveDate,
    /// D9: the last day to upload the roster.
    pub roster_due: NaiveDate,
    /// Attendees registered.
    pub posted_count: i32,
    /// A corrected roster awaits 省学时办.
    pub pending_correction: bool,
    /// That roster, for `POST /classes/{id}/rosters/{roster_id}/decision`.
    pub pending_roster_id: Option<Uuid>,
    pub submitted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassPage {
    pub items: Vec<ClassSummary>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassFile {
    pub id: Uuid,
    /// `notice` (培训通知), `schedule` (课程安排) or `other`.
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct FileQuery {
    /// `notice`, `schedule` or `other`.
    pub kind: String,
    /// The file's name as the user chose it.
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassException {
    /// `application` or `roster`.
    pub kind: String,
    pub reason: String,
    pub granted_by_name: String,
    pub granted_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ExceptionInput {
    /// `application` (late application) or `roster` (late roster).
    pub kind: String,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassDecision {
    pub approved: bool,
    pub opinion: String,
    pub reviewer_name: String,
    pub decided_at: DateTime<Utc>,
    /// Recognised hours per attendee by category.
    pub hours: Option<Split>,
    #[schema(value_type = Option<f64>)]
    pub approved_hours: Option<Hours>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionInput {
    pub approve: bool,
    /// 省学时办意见.
    pub opinion: String,
    /// Required to approve: per attendee, at most the requested total.
    pub hours: Option<Split>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub action: String,
    pub label: String,
    pub actor_name: Option<String>,
    pub note: Option<String>,
}

/// What the caller may do now.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ClassActions {
    pub edit: bool,
    pub submit: bool,
    pub decide: bool,
    pub grant_exception: bool,
    pub upload_roster: bool,
    pub decide_correction: bool,
    pub submit_video: bool,
    pub decide_video: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClassDetail {
    #[serde(flatten)]
    pub summary: ClassSummary,
    pub org_code: String,
    pub address: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub location: String,
    pub content: String,
    pub days: i32,
    #[schema(value_type = f64)]
    pub hours_per_day: Hours,
    pub plan_ref: Option<String>,
    /// Requested hours per attendee by category.
    pub hours: Split,
    pub files: Vec<ClassFile>,
    pub exceptions: Vec<ClassException>,
    pub decision: Option<ClassDecision>,
    pub timeline: Vec<TimelineEntry>,
    /// The roster may be uploaded now (the class ended, within 7 days or excepted).
    pub roster_open: bool,
    /// Past the 7 days after the end date without an exception.
    pub roster_late: bool,
    pub can: ClassActions,
}
