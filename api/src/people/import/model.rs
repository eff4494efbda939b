//! Request and response bodies of the person import endpoints.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// `create`: add new persons, leave existing ones as they are; `update`: also update the
/// phone, titles and 是否省属 of persons already in the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    #[default]
    Create,
    Update,
}

impl ImportMode {
    pub fn code(self) -> &'static str {
        match self {
            ImportMode::Create => "create",
            ImportMode::Update => "update",
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PreviewQuery {
    /// The unit imported into; rows with a blank 所在单位代码 go there, others must name it
    /// or a unit below it.
    pub unit_id: Uuid,
    /// Default `create`.
    pub mode: Option<ImportMode>,
}

/// What the import does with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// A new person.
    Create,
    /// A person of the unit whose phone, titles or 是否省属 change (update mode).
    Update,
    /// Nothing to write.
    Unchanged,
    /// The person belongs to another unit: the commit asks for a transfer, which their
    /// current unit releases.
    Transfer,
    /// Must be fixed before anything is committed.
    Error,
}

/// Rows per status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportCounts {
    /// Data rows (blank rows not counted).
    pub total: u64,
    pub create: u64,
    pub update: u64,
    pub unchanged: u64,
    pub transfer: u64,
    pub error: u64,
}

/// One row of the preview.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewRow {
    /// The row number Excel shows (1-based).
    pub row: u32,
    pub name: String,
    /// e.g. `3301**********1238`.
    pub id_number_masked: String,
    pub status: RowStatus,
    /// Chinese: what will happen, or everything wrong with the row.
    pub message: String,
    /// Template headers of the cells at fault (error rows).
    pub columns: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportPreview {
    /// The same file previewed again for the same unit and mode gives the same id.
    pub id: Uuid,
    /// `previewed` or `committed`.
    pub status: String,
    pub mode: ImportMode,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub summary: ImportCounts,
    /// Every error row, then the first 500 others, in file order.
    pub rows: Vec<PreviewRow>,
    /// Some non-error rows were left out of `rows`.
    pub truncated: bool,
}

/// A committed import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub id: Uuid,
    /// `committed`.
    pub status: String,
    pub mode: ImportMode,
    pub unit_id: Uuid,
    /// What the commit did: `create` persons added, `update` persons changed, `transfer`
    /// transfer requests started, `unchanged` rows left alone.
    pub summary: ImportCounts,
    pub committed_at: Option<DateTime<Utc>>,
}

/// An xlsx file (the request or response body itself).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct XlsxFile(pub Vec<u8>);

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
