//! Entities of the claim capability beside the claim itself: evidence images, matches
//! between two claims' images, and the history of events.

pub mod attachment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "claim_attachments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub claim_id: Uuid,
        pub person_id: Uuid,
        /// The evidence checklist item this image proves, if the claimant said.
        pub kind: Option<String>,
        /// Server-chosen keys; the client's file name is never used.
        pub object_key: String,
        pub thumb_key: String,
        pub content_type: String,
        pub size: i64,
        pub width: i32,
        pub height: i32,
        /// Of the uploaded bytes, and of the stored (metadata-stripped) bytes.
        pub sha256: String,
        pub clean_sha256: String,
        /// 64-bit difference hash, and its four 16-bit bands for indexed lookup.
        pub phash: i64,
        pub band0: i32,
        pub band1: i32,
        pub band2: i32,
        pub band3: i32,
        pub uploaded_by: Uuid,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod evidence_match {
    use sea_orm::entity::prelude::*;

    /// `attachment_id` (of `claim_id`, the later upload) matches `other_attachment_id`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "evidence_matches")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub attachment_id: Uuid,
        pub claim_id: Uuid,
        pub other_attachment_id: Uuid,
        pub other_claim_id: Uuid,
        /// `exact` (same bytes) or `similar` (perceptual hash within the threshold).
        pub method: String,
        pub distance: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod event {
    use sea_orm::entity::prelude::*;

    use crate::{auth::Role, claims::claim::State};

    /// One step of a claim's history; a submission keeps a snapshot of what was submitted.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "claim_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub claim_id: Uuid,
        pub actor_id: Uuid,
        pub actor_role: Role,
        pub action: String,
        pub from_state: Option<State>,
        pub to_state: State,
        pub hours: Option<i32>,
        pub reason: Option<String>,
        pub snapshot: Option<Json>,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
