//! Request and response bodies of the sync endpoints: the platform's push and read-back,
//! the system administrator's clients and keys, 省学时办's records, queue and reconciliation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{hours::Hours, rules::rule::Category};

/// Most records in one push.
pub const MAX_BATCH: usize = 5000;

/// One completed course as the platform sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "external_id": "LRN-2026-000123",
    "id_number": "330106198503151238",
    "name": "张伟",
    "course_id": "C-1024",
    "course_name": "建设工程质量安全法规解读",
    "category": "industry_public",
    "hours": 4.5,
    "completed_at": "2026-11-20T14:32:00+08:00",
    "revision": 1
}))]
pub struct RecordInput {
    /// The platform's own id of this completion, unique on the platform (1–64 characters).
    /// Sending it again is safe: the record is registered once.
    pub external_id: String,
    /// 身份证号 (18 characters, GB 11643 checksum; lower-case x accepted).
    pub id_number: String,
    /// 姓名 as the platform knows it; must equal ours, else the record is parked.
    pub name: String,
    pub course_id: String,
    pub course_name: String,
    /// `professional` (专业科目), `industry_public` (行业公需), `general_public` (一般公需).
    pub category: String,
    /// 学时 of the course: > 0, ≤ 24, at most one decimal.
    pub hours: f64,
    /// When the person completed the course (RFC 3339, with offset); not in the future.
    /// Its date in UTC+8 decides the year the hours count for.
    pub completed_at: String,
    /// The platform's revision of this record (e.g. a modification counter or epoch
    /// milliseconds). A record with a lower revision than the one we hold is ignored, so
    /// deliveries may arrive out of order. Default 0.
    pub revision: Option<i64>,
}

/// A batch of completions (1–5,000 records), registered as one transaction.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PushBatch {
    pub records: Vec<RecordInput>,
}

/// What became of one record of a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// New, and counted for the person.
    Created,
    /// Known, with changed content: the new content counts, the old is kept as history.
    Updated,
    /// Known with the same content (a replay), or older than what we hold (`code`
    /// `older_revision`): nothing changed.
    Unchanged,
    /// Kept, but not counted: no person with this 身份证号 (`person_unknown`) or the name
    /// differs (`name_mismatch`). It is matched when the person registers or is corrected.
    Unmatched,
    /// Refused; `code` and `message` say why. Nothing of it was kept.
    Invalid,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RecordResult {
    /// Position in the batch, from 0.
    pub index: usize,
    pub external_id: Option<String>,
    pub result: Outcome,
    /// Stable snake_case code: why invalid or unmatched, or a note (`older_revision`,
    /// `revoked`).
    pub code: Option<String>,
    /// Chinese explanation.
    pub message: Option<String>,
    /// The field at fault (invalid records).
    pub field: Option<String>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize, ToSchema)]
pub struct PushCounts {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub unmatched: u32,
    pub invalid: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PushResult {
    /// The id of this call in our log; quote it when asking us about a batch.
    pub call_id: Uuid,
    pub counts: PushCounts,
    pub results: Vec<RecordResult>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct HoldingsQuery {
    /// 身份证号 (in the query, so it never appears in our access logs).
    pub id_number: String,
    pub year: i32,
}

/// A record as we hold it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeldRecord {
    pub external_id: String,
    pub course_id: String,
    pub course_name: String,
    pub category: Category,
    #[schema(value_type = f64)]
    pub hours: Hours,
    pub completed_at: DateTime<Utc>,
    pub revision: i64,
    /// `synced` (counted), `unmatched`, `revoked` or `dismissed`.
    pub state: String,
    pub reason_code: Option<String>,
    pub version: i32,
}

/// What we hold from the calling platform for one person and year.
#[derive(Debug, Serialize, ToSchema)]
pub struct Holdings {
    pub id_number_masked: String,
    pub year: i32,
    /// Whether a person with this 身份证号 is in the system.
    pub person_known: bool,
    pub records: Vec<HeldRecord>,
    /// Hours of every record we received.
    #[schema(value_type = f64)]
    pub received: Hours,
    /// Hours that count in the person's standing (state `synced`).
    #[schema(value_type = f64)]
    pub registered: Hours,
}

// --- clients and keys (系统管理员) ---

#[derive(Debug, Deserialize, ToSchema)]
pub struct ClientInput {
    /// The platform's name, e.g. 浙江省住房和城乡建设行业专业技术人员网络教育系统.
    pub name: String,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RotateInput {
    /// Hours the keys in use keep working beside the new one (0–720, default 24).
    pub overlap_hours: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct KeyView {
    pub id: Uuid,
    /// The public part, e.g. `xsk_1a2b3c4d5e6f7a8b`.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// `active`, `expiring` (until `expires_at`), `expired` or `revoked`.
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientView {
    pub id: Uuid,
    pub name: String,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub keys: Vec<KeyView>,
    /// Records held from this platform, and how many are parked.
    pub records: u64,
    pub unmatched: u64,
    pub last_call_at: Option<DateTime<Utc>>,
}

/// A new key: `api_key` is shown this once and kept nowhere.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedKey {
    pub client: ClientView,
    pub key_id: Uuid,
    pub api_key: String,
}

// --- records, queue, reconciliation (省学时办) ---

#[derive(Debug, Deserialize, IntoParams)]
pub struct RecordFilter {
    pub client_id: Option<Uuid>,
    pub year: Option<i32>,
    /// `synced`, `unmatched`, `revoked` or `dismissed`.
    pub state: Option<String>,
    /// Part of the name or course name, or a whole 身份证号.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OnlineRecordView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub client_name: String,
    pub external_id: String,
    pub person_id: Option<Uuid>,
    pub name: String,
    pub id_number_masked: String,
    /// Our name for the person with this 身份证号, when it differs (a name mismatch).
    pub person_name: Option<String>,
    pub course_id: String,
    pub course_name: String,
    pub category: Category,
    pub category_label: String,
    #[schema(value_type = f64)]
    pub hours: Hours,
    pub completed_at: DateTime<Utc>,
    pub year: i32,
    pub state: String,
    pub state_label: String,
    pub reason_code: Option<String>,
    pub reason_label: Option<String>,
    pub note: Option<String>,
    pub decider_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OnlineRecordPage {
    pub items: Vec<OnlineRecordView>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

/// 省学时办's reason for a decision on a record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonInput {
    pub reason: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReconcileQuery {
    pub client_id: Uuid,
    pub year: i32,
    /// Only persons of this unit and the units below it.
    pub unit_id: Option<Uuid>,
}

/// One person whose received and registered hours differ.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReconcileRow {
    pub id_number_masked: String,
    pub name: String,
    pub person_id: Option<Uuid>,
    pub unit_name: Option<String>,
    pub records: u64,
    #[schema(value_type = f64)]
    pub received: Hours,
    #[schema(value_type = f64)]
    pub registered: Hours,
    #[schema(value_type = f64)]
    pub difference: Hours,
    /// Records not counted, by state: `unmatched`, `revoked`, `dismissed`.
    pub unmatched: u64,
    pub revoked: u64,
    pub dismissed: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Reconciliation {
    pub client_id: Uuid,
    pub client_name: String,
    pub year: i32,
    pub unit_id: Option<Uuid>,
    pub persons: u64,
    pub records: u64,
    #[schema(value_type = f64)]
    pub received: Hours,
    #[schema(value_type = f64)]
    pub registered: Hours,
    /// Persons whose hours differ, the largest difference first (at most 1,000).
    pub differences: Vec<ReconcileRow>,
    /// How many persons differ in all (may exceed the rows listed).
    pub differing_persons: u64,
}
