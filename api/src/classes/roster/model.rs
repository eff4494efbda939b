//! Bodies of the roster endpoints.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::hours::Hours;

/// What posting does with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RosterRowStatus {
    /// A person of the system: their hours will be registered.
    Ok,
    /// Unknown to the system: created from the row (unregistered), hours kept for them.
    Create,
    /// Already registered for this class with these hours.
    Unchanged,
    /// Registered for this class; the hours or 是否省属 change (a corrected roster).
    Update,
    /// Registered for this class but missing from this roster: taken off (a correction).
    Remove,
    /// Must be fixed before anything is posted.
    Error,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RosterCounts {
    /// Data rows (blank rows not counted).
    pub total: u64,
    pub ok: u64,
    pub create: u64,
    pub unchanged: u64,
    pub update: u64,
    pub remove: u64,
    pub error: u64,
    /// Rows with 是否省属单位人员 = 否 (D8: registered, flagged).
    pub non_provincial: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RosterRow {
    /// The row number Excel shows; 0 for a registered attendee missing from the file.
    pub row: u32,
    pub name: String,
    pub id_number_masked: String,
    #[schema(value_type = Option<f64>)]
    pub hours: Option<Hours>,
    pub status: RosterRowStatus,
    pub non_provincial: bool,
    /// Chinese: what will happen, or everything wrong with the row.
    pub message: String,
    /// 附件2 headers of the cells at fault.
    pub columns: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RosterPreview {
    /// The same file uploaded again for the class gives the same id.
    pub id: Uuid,
    pub class_id: Uuid,
    /// `previewed`, `posted`, `pending` (a correction awaiting 省学时办) or `rejected`.
    pub status: String,
    /// The class already has registered attendees: this roster corrects them.
    pub correction: bool,
    pub summary: RosterCounts,
    /// Every error row, then the first 500 others, in file order.
    pub rows: Vec<RosterRow>,
    pub truncated: bool,
    /// Not blocking, e.g. more attendees than planned.
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RosterResult {
    pub id: Uuid,
    pub class_id: Uuid,
    /// `posted`, `pending` or `rejected`.
    pub status: String,
    pub summary: RosterCounts,
    pub posted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CorrectionDecision {
    pub approve: bool,
    pub opinion: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RecordFilter {
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// A registered attendee.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassRecord {
    pub person_id: Uuid,
    pub name: String,
    pub id_number_masked: String,
    pub company: Option<String>,
    #[schema(value_type = f64)]
    pub hours: Hours,
    pub non_provincial: bool,
    /// `posted` or `removed`.
    pub state: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordPage {
    pub items: Vec<ClassRecord>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}
