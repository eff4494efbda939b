//! The certificate tables: issued versions, the verification log, background jobs.

pub mod certificate {
    use sea_orm::entity::prelude::*;

    pub const VALID: &str = "valid";
    pub const REVOKED: &str = "revoked";
    pub const SUPERSEDED: &str = "superseded";

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "certificates")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Random, not a serial: `ZJ2026-XXXX-XXXX-XXXX`.
        #[sea_orm(unique)]
        pub number: String,
        pub person_id: Uuid,
        pub year: i32,
        pub version: i32,
        /// `valid`, `revoked` or `superseded`.
        pub status: String,
        pub superseded_by: Option<Uuid>,
        /// SHA-256 of the content without number, version and issue time: "unchanged".
        pub fingerprint: String,
        /// The signed canonical JSON.
        #[sea_orm(column_type = "Text")]
        pub content: String,
        pub signature: String,
        pub key_id: String,
        #[sea_orm(column_type = "Text")]
        pub token: String,
        pub total: i32,
        pub professional: i32,
        pub industry_public: i32,
        pub general_public: i32,
        pub person_name: String,
        pub id_masked: String,
        pub unit_name: Option<String>,
        pub pdf_key: String,
        pub pdf_sha256: String,
        pub pdf_size: i64,
        pub issued_at: DateTimeUtc,
        pub issued_by: Option<Uuid>,
        /// The counted hours changed while the year stayed eligible: a new version is due.
        pub reissue_pending: bool,
        pub revoked_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub revoked_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        /// The registered hours it certifies.
        pub fn totals(&self) -> crate::standing::tally::Totals {
            crate::standing::tally::Totals {
                professional: self.professional,
                industry_public: self.industry_public,
                general_public: self.general_public,
            }
        }
    }
}

pub mod verification {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "certificate_verifications")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub at: DateTimeUtc,
        pub ip: Option<String>,
        /// As entered (cut to 64 characters).
        pub number: String,
        pub certificate_id: Option<Uuid>,
        /// `valid`, `revoked`, `superseded` or `not_found`.
        pub outcome: String,
        /// Whether the QR token checked out; `None` when none was given.
        pub token_valid: Option<bool>,
        pub user_agent: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod job {
    use sea_orm::entity::prelude::*;

    pub const QUEUED: &str = "queued";
    pub const RUNNING: &str = "running";
    pub const DONE: &str = "done";
    pub const FAILED: &str = "failed";

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "jobs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// e.g. `certificate_batch`.
        pub kind: String,
        pub requested_by: Uuid,
        pub unit_id: Option<Uuid>,
        pub year: Option<i32>,
        pub status: String,
        pub total: i32,
        pub done: i32,
        #[sea_orm(column_type = "Text", nullable)]
        pub message: Option<String>,
        pub result_key: Option<String>,
        pub result_size: Option<i64>,
        pub created_at: DateTimeUtc,
        /// Heartbeat while running; a running job silent for long was interrupted.
        pub updated_at: DateTimeUtc,
        pub finished_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
