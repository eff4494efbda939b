//! The append-only audit log: every write appends a row in the same transaction.

pub mod entry;
pub mod routes;
pub mod service;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use uuid::Uuid;

use crate::auth::Role;

/// Builder for one audit row: `Audit::new("auth.login", "user").entity(id).actor(id).save(&txn)`.
#[must_use]
pub struct Audit {
    row: entry::ActiveModel,
}

impl Audit {
    pub fn new(action: &str, entity_type: &str) -> Self {
        Self {
            row: entry::ActiveModel {
                id: Set(Uuid::now_v7()),
                at: Set(Utc::now()),
                actor_user_id: Set(None),
                actor_role: Set(None),
                actor_unit_id: Set(None),
                action: Set(action.into()),
                entity_type: Set(entity_type.into()),
                entity_id: Set(None),
                before: Set(None),
                after: Set(None),
                ip: Set(None),
                scope_path: Set(None),
            },
        }
    }

    pub fn entity(mut self, id: impl ToString) -> Self {
        self.row.entity_id = Set(Some(id.to_string()));
        self
    }

    pub fn actor(mut self, user_id: Uuid) -> Self {
        self.row.actor_user_id = Set(Some(user_id));
        self
    }

    pub fn role(mut self, role: Role, unit_id: Option<Uuid>) -> Self {
        self.row.actor_role = Set(Some(role.code().into()));
        self.row.actor_unit_id = Set(unit_id);
        self
    }

    pub fn before(mut self, value: serde_json::Value) -> Self {
        self.row.before = Set(Some(value));
        self
    }

    pub fn after(mut self, value: serde_json::Value) -> Self {
        self.row.after = Set(Some(value));
        self
    }

    /// The unit (by path) the entry concerns.
    pub fn scope(mut self, unit_path: &str) -> Self {
        self.row.scope_path = Set(Some(unit_path.to_owned()));
        self
    }

    pub fn ip(mut self, ip: Option<String>) -> Self {
        self.row.ip = Set(ip);
        self
    }

    /// Appends the row; pass the transaction of the change it records.
    pub async fn save(self, conn: &impl ConnectionTrait) -> Result<(), DbErr> {
        self.row.insert(conn).await.map(|_| ())
    }
}
