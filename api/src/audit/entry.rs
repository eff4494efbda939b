//! The append-only audit log entry.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    /// uuid v7: time-ordered.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    pub actor_role: Option<String>,
    pub actor_unit_id: Option<Uuid>,
    /// Dotted action name, e.g. `auth.login`, `auth.login_failed`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub before: Option<Json>,
    pub after: Option<Json>,
    pub ip: Option<String>,
    /// Path of the unit the entry concerns, so a 二级 admin sees their subtree's entries.
    pub scope_path: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
