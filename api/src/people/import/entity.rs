//! The `imports` table: one row per (kind, file hash), so the same file previewed twice is the
//! same import, and a commit is recorded once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "imports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// What is imported and where, e.g. `persons:c:<unit>` (≤ 32 characters).
    pub kind: String,
    /// SHA-256 (hex) of the uploaded file.
    pub content_hash: String,
    /// Who last previewed it.
    pub actor_user_id: Uuid,
    pub object_key: String,
    /// `previewed`, `committing` (inside the committing transaction only) or `committed`.
    pub status: String,
    pub summary: Option<Json>,
    pub created_at: DateTimeUtc,
    pub committed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const PREVIEWED: &str = "previewed";
pub const COMMITTING: &str = "committing";
pub const COMMITTED: &str = "committed";
