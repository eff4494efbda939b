//! The sync tables: platforms, their keys, the call log, the records and their old versions.

pub mod client {
    use sea_orm::entity::prelude::*;

    /// An e-learning platform allowed to push records.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sync_clients")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub note: Option<String>,
        pub created_by: Uuid,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod key {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sync_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub client_id: Uuid,
        /// `xsk_` and 16 hex digits: shown in lists, finds the row.
        pub prefix: String,
        /// SHA-256 (hex) of the whole key; the key itself is shown once and never kept.
        pub hash: String,
        pub created_by: Uuid,
        pub created_at: DateTimeUtc,
        /// Set when a rotation replaced it: it keeps working until then (the overlap).
        pub expires_at: Option<DateTimeUtc>,
        pub revoked_at: Option<DateTimeUtc>,
        pub last_used_at: Option<DateTimeUtc>,
    }

    impl Model {
        pub fn usable_at(&self, now: DateTimeUtc) -> bool {
            self.revoked_at.is_none() && self.expires_at.is_none_or(|e| e > now)
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod call {
    use sea_orm::entity::prelude::*;

    pub const PUSH: &str = "push";
    pub const READ: &str = "read";

    /// One accepted call of a platform: the rate limit counts these, across instances.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sync_calls")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub client_id: Uuid,
        pub key_id: Uuid,
        pub at: DateTimeUtc,
        pub kind: String,
        pub records: i32,
        pub counts: Option<Json>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod record {
    use sea_orm::entity::prelude::*;

    use crate::rules::rule::Category;

    /// Counted in the person's standing (D4).
    pub const SYNCED: &str = "synced";
    /// Parked: no person with this 身份证号, or the name differs; matched later.
    pub const UNMATCHED: &str = "unmatched";
    /// Taken off by 省学时办 with a reason; a re-sync does not bring it back.
    pub const REVOKED: &str = "revoked";
    /// An unmatched record 省学时办 decided not to register.
    pub const DISMISSED: &str = "dismissed";

    pub const PERSON_UNKNOWN: &str = "person_unknown";
    pub const NAME_MISMATCH: &str = "name_mismatch";

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "online_records")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub client_id: Uuid,
        pub external_id: String,
        pub person_id: Option<Uuid>,
        pub id_number: String,
        pub name: String,
        pub course_id: String,
        pub course_name: String,
        pub category: Category,
        /// Tenths.
        pub hours: i32,
        pub completed_at: DateTimeUtc,
        /// D3: the year (UTC+8) of the completion.
        pub year: i32,
        /// The platform's revision of the record; an older one never replaces a newer.
        pub revision: i64,
        pub state: String,
        /// Why it is parked: `person_unknown` or `name_mismatch`.
        pub reason_code: Option<String>,
        /// 省学时办's reason (revoked, dismissed, matched by hand).
        #[sea_orm(column_type = "Text", nullable)]
        pub note: Option<String>,
        pub decided_by: Option<Uuid>,
        pub decider_name: Option<String>,
        pub decided_at: Option<DateTimeUtc>,
        /// 1 on creation, +1 on every change of content.
        pub version: i32,
        /// The call that last wrote it.
        pub call_id: Uuid,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    impl Model {
        /// The platform's content, without our bookkeeping.
        pub fn same_content(&self, o: &Self) -> bool {
            self.id_number == o.id_number
                && self.name == o.name
                && self.course_id == o.course_id
                && self.course_name == o.course_name
                && self.category == o.category
                && self.hours == o.hours
                && self.completed_at == o.completed_at
        }

        /// Whether 省学时办 has settled it: a re-sync changes its content, not its state.
        pub fn settled(&self) -> bool {
            self.state == REVOKED || self.state == DISMISSED
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod version {
    use sea_orm::entity::prelude::*;

    /// A record as it was before a change: the history a re-sync keeps.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "online_record_versions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub record_id: Uuid,
        pub version: i32,
        pub snapshot: Json,
        pub replaced_by_call: Uuid,
        pub replaced_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
