//! Request and response bodies of the claim endpoints. Hours are JSON numbers (`8`, `1.5`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::claim::State;
use crate::{
    auth::Role,
    error::FieldError,
    hours::Hours,
    rules::{model::PathwayRule, rule::Category},
};

/// What a claimant fills in; the same body creates a draft and edits it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ClaimInput {
    /// Pathway code, e.g. `P4`.
    pub pathway_code: String,
    /// 活动名称 / 论文题目 / 著作名称.
    pub title: String,
    /// 主办单位 / 发表刊物 / 出版社.
    pub organiser: Option<String>,
    /// For pathways with a period; ignored for single-date pathways.
    pub start_date: Option<NaiveDate>,
    /// End date, or the publication / award / exam date; its year is the claim's year (D3).
    pub end_date: NaiveDate,
    /// Actual hours (`per_hour` pathways).
    pub actual_hours: Option<f64>,
    /// Characters written (`per_10k_chars` pathways).
    pub characters: Option<i64>,
    /// Level name from the pathway's table (`table` pathways).
    pub level: Option<String>,
    /// 1-based rank (author, member, inventor order).
    pub rank: Option<i32>,
    pub claimed_hours: f64,
    /// 情况说明.
    pub description: String,
    /// 附件说明: required once any image is attached.
    pub evidence_note: Option<String>,
}

/// A possibly incomplete form, for the live hint beside the hours field.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EstimateInput {
    pub pathway_code: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub actual_hours: Option<f64>,
    pub characters: Option<i64>,
    pub level: Option<String>,
    pub rank: Option<i32>,
    /// A claim being edited, left out of the per-year total.
    pub claim_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Estimate {
    /// The rule version in force on the end date (or today without one).
    pub rule: PathwayRule,
    pub year: Option<i32>,
    /// What the form proposes; absent for 按核定 pathways.
    #[schema(value_type = Option<f64>)]
    pub suggested_hours: Option<Hours>,
    /// The most this item may claim (formula and per-item cap).
    #[schema(value_type = Option<f64>)]
    pub max_hours: Option<Hours>,
    pub days: Option<i32>,
    pub explanation: String,
    /// Hours already claimed by this pathway in the year, and what the per-year cap leaves.
    #[schema(value_type = Option<f64>)]
    pub year_used_hours: Option<Hours>,
    #[schema(value_type = Option<f64>)]
    pub year_remaining_hours: Option<Hours>,
    /// The year accepts claims today, and until when.
    pub year_open: Option<bool>,
    pub claim_deadline: Option<NaiveDate>,
    /// What is still missing or wrong in the form, as the save would report it.
    pub problems: Vec<FieldError>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SubmitClaim {
    /// 承诺：所填信息及所附材料真实有效.
    pub declared: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ClaimFilter {
    pub state: Option<State>,
    pub year: Option<i32>,
    pub pathway_code: Option<String>,
    /// Claims of this unit and the units below it.
    pub unit_id: Option<Uuid>,
    /// Only claims whose images match another claim's (reviewers only).
    pub flagged: Option<bool>,
    /// Part of the title or the claimant's name.
    pub q: Option<String>,
    /// The caller's review queue: claims awaiting their step, longest waiting first.
    pub awaiting: Option<bool>,
    /// Activity (end) date from / to, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimSummary {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub year: i32,
    pub pathway_code: String,
    pub pathway_name: String,
    pub category: Category,
    pub title: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: NaiveDate,
    #[schema(value_type = f64)]
    pub claimed_hours: Hours,
    #[schema(value_type = Option<f64>)]
    pub recognised_hours: Option<Hours>,
    pub state: State,
    /// 中文状态, e.g. 已提交.
    pub state_label: String,
    pub attachment_count: u64,
    /// Shown to reviewers only; always false for the claimant.
    pub flagged: bool,
    /// Reviewers only: a posted training class of the person overlaps this activity (R5),
    /// e.g. 「已由培训班《…》（…）统一登记」.
    pub class_conflict: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// The step it awaits, e.g. 待浙江省二建建设集团有限公司认定; none when nobody has to act.
    pub waiting_for: Option<String>,
    /// Since when it waits for that step.
    pub awaiting_since: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimPage {
    pub items: Vec<ClaimSummary>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Attachment {
    pub id: Uuid,
    /// The checklist item this image proves.
    pub kind: Option<String>,
    pub content_type: String,
    pub size: i64,
    pub width: i32,
    pub height: i32,
    pub sha256: String,
    /// Short-lived signed URLs (10 minutes) for `<img>`.
    pub url: String,
    pub thumb_url: String,
    pub created_at: DateTime<Utc>,
}

/// Another claim holding the same or a near-identical image (reviewers only).
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceMatch {
    pub attachment_id: Uuid,
    pub other_attachment_id: Uuid,
    /// `exact` or `similar`.
    pub method: String,
    /// Hamming distance of the perceptual hashes (0 for exact copies).
    pub distance: i32,
    /// The other claim, when it lies in the reviewer's scope.
    pub other_claim: Option<MatchedClaim>,
    /// e.g. 「同一人的另一项申报」 or 「管辖范围外的申报」.
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchedClaim {
    pub id: Uuid,
    pub person_name: String,
    pub unit_name: String,
    pub title: String,
    pub year: i32,
    pub state: State,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimEvent {
    pub action: String,
    pub actor_name: String,
    pub actor_role: Role,
    pub from_state: Option<State>,
    pub to_state: State,
    #[schema(value_type = Option<f64>)]
    pub hours: Option<Hours>,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub summary: ClaimSummary,
    pub organiser: Option<String>,
    #[schema(value_type = Option<f64>)]
    pub actual_hours: Option<Hours>,
    pub characters: Option<i64>,
    pub level: Option<String>,
    pub rank: Option<i32>,
    pub description: String,
    pub evidence_note: Option<String>,
    pub declared: bool,
    pub lock_version: i32,
    /// The rule version the claim is evaluated with.
    pub rule: PathwayRule,
    #[schema(value_type = Option<f64>)]
    pub max_hours: Option<Hours>,
    pub attachments: Vec<Attachment>,
    /// Required checklist items without an image yet.
    pub missing_evidence: Vec<String>,
    /// Who reviews it, in order (D6), fixed at submission; empty for a draft.
    pub chain: Vec<super::chain::ChainStep>,
    pub matches: Vec<EvidenceMatch>,
    pub events: Vec<ClaimEvent>,
    /// What the caller may do now: `edit`, `submit`, `recall`, `withdraw`, `attach`.
    pub actions: Vec<String>,
    /// The review decisions the caller may take now.
    pub review_actions: Vec<crate::review::Action>,
    /// What the claimant changed since the previous submission (a resubmitted claim).
    pub changes: Vec<FieldChange>,
}

/// One field that differs between two submitted versions.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldChange {
    pub field: String,
    /// Chinese field name.
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The multipart form of an upload (documentation only).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// JPEG, PNG or WebP, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// The checklist item this image proves, e.g. 会议通知或邀请函.
    pub kind: Option<String>,
}

/// Which checklist item an image proves; null or blank clears it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RelabelAttachment {
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ContentQuery {
    /// `full` (default) or `thumb`.
    pub variant: Option<String>,
}
