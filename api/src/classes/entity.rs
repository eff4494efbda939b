//! The class tables: the application (附件1) with its decision, deadline exceptions, the
//! 办班方案 files, the attendees' posted records and lecture videos.

pub mod class {
    use sea_orm::entity::prelude::*;

    pub const DRAFT: &str = "draft";
    pub const SUBMITTED: &str = "submitted";
    pub const APPROVED: &str = "approved";
    pub const REJECTED: &str = "rejected";
    /// A roster was posted: the attendees' hours are registered.
    pub const POSTED: &str = "posted";

    pub const ANNUAL_PLAN: &str = "annual_plan";
    pub const AFFILIATED: &str = "affiliated";

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "classes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// The organiser's unit; the class belongs to its subtree.
        pub organiser_unit_id: Uuid,
        pub unit_path: String,
        pub created_by: Uuid,
        pub unit_name: String,
        pub org_code: String,
        pub address: String,
        pub contact_person: String,
        pub contact_phone: String,
        pub name: String,
        pub location: String,
        #[sea_orm(column_type = "Text")]
        pub content: String,
        pub start_date: Date,
        pub end_date: Date,
        pub days: i32,
        /// Tenths, like every hour column.
        pub hours_per_day: i32,
        pub total_hours: i32,
        pub planned_headcount: i32,
        /// `annual_plan` (7 days ahead) or `affiliated` (厅直属单位 / 厅管社团, 14 days).
        pub plan_kind: String,
        pub plan_ref: Option<String>,
        pub req_professional: i32,
        pub req_industry_public: i32,
        pub req_general_public: i32,
        pub state: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub opinion: Option<String>,
        pub reviewed_by: Option<Uuid>,
        pub reviewer_name: Option<String>,
        pub decided_at: Option<DateTimeUtc>,
        pub appr_professional: Option<i32>,
        pub appr_industry_public: Option<i32>,
        pub appr_general_public: Option<i32>,
        pub posted_count: i32,
        pub posted_at: Option<DateTimeUtc>,
        pub submitted_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    impl Model {
        /// The approved hours per attendee, by category; `None` before approval.
        pub fn approved(&self) -> Option<crate::classes::model::Tenths> {
            Some(crate::classes::model::Tenths {
                professional: self.appr_professional?,
                industry_public: self.appr_industry_public?,
                general_public: self.appr_general_public?,
            })
        }

        pub fn requested(&self) -> crate::classes::model::Tenths {
            crate::classes::model::Tenths {
                professional: self.req_professional,
                industry_public: self.req_industry_public,
                general_public: self.req_general_public,
            }
        }
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod exception {
    use sea_orm::entity::prelude::*;

    pub const APPLICATION: &str = "application";
    pub const ROSTER: &str = "roster";

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "class_exceptions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub class_id: Uuid,
        /// `application` (late submission) or `roster` (late roster).
        pub kind: String,
        #[sea_orm(column_type = "Text")]
        pub reason: String,
        pub granted_by: Uuid,
        pub granter_name: String,
        pub granted_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod file {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "class_files")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub class_id: Uuid,
        /// `notice` (培训通知), `schedule` (课程安排) or `other`.
        pub kind: String,
        pub file_name: String,
        pub content_type: String,
        pub size: i64,
        pub sha256: String,
        pub object_key: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod record {
    use sea_orm::entity::prelude::*;

    pub const POSTED: &str = "posted";
    /// Taken off by a corrected roster; kept for the history, never counted.
    pub const REMOVED: &str = "removed";

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "class_records")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub class_id: Uuid,
        pub person_id: Uuid,
        /// D3: the year of the class end date.
        pub year: i32,
        /// The roster (an `imports` row) that last wrote it.
        pub roster_id: Uuid,
        pub row_number: i32,
        pub name: String,
        pub gender: String,
        pub company: Option<String>,
        pub phone: Option<String>,
        pub title_series: Option<String>,
        pub title_level: Option<String>,
        pub title_name: Option<String>,
        /// 认定学时 of the row, and how it fills the buckets.
        pub hours: i32,
        pub professional: i32,
        pub industry_public: i32,
        pub general_public: i32,
        /// D8: 是否省属单位人员 = 否.
        pub non_provincial: bool,
        pub state: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod video {
    use sea_orm::entity::prelude::*;

    pub const SUBMITTED: &str = "submitted";
    pub const ADOPTED: &str = "adopted";
    pub const NOT_ADOPTED: &str = "not_adopted";

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "class_videos")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub class_id: Uuid,
        pub topic: String,
        pub lecturer: String,
        pub link: Option<String>,
        pub object_key: Option<String>,
        pub file_name: Option<String>,
        pub file_size: Option<i64>,
        pub content_type: Option<String>,
        pub status: String,
        /// The agreed fee in fen.
        pub fee_cents: Option<i64>,
        #[sea_orm(column_type = "Text", nullable)]
        pub note: Option<String>,
        pub decided_by: Option<Uuid>,
        pub decider_name: Option<String>,
        pub decided_at: Option<DateTimeUtc>,
        pub created_by: Uuid,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
