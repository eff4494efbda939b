//! The hour claim (学时申报条目, E3) and its states (domain.md §2.5.1).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::rules::rule::Category;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "claims")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    /// The claimant's unit when the claim was made; review and scope follow it.
    pub unit_id: Uuid,
    pub unit_path: String,
    /// D3: the year of the end date (or the single date).
    pub year: i32,
    pub pathway_code: String,
    /// The rule version in force on the activity date, fixed at the last save.
    pub rule_id: Uuid,
    pub category: Category,
    pub title: String,
    /// `pathway|date|normalised title` while the claim is live; NULL once it no longer counts,
    /// so a unique index refuses the same activity twice.
    pub activity_key: Option<String>,
    pub organiser: Option<String>,
    pub start_date: Option<Date>,
    pub end_date: Date,
    pub actual_hours: Option<i32>,
    pub characters: Option<i64>,
    pub level: Option<String>,
    pub rank: Option<i32>,
    /// Tenths.
    pub claimed_hours: i32,
    pub recognised_hours: Option<i32>,
    pub description: String,
    /// 附件说明, required once any attachment exists (D16).
    pub evidence_note: Option<String>,
    /// The self-declaration (承诺) was ticked at submission.
    pub declared: bool,
    pub state: State,
    /// Some image matches another claim's image.
    pub flagged: bool,
    /// A posted training class of the same person overlaps the activity (R5): reviewers see it.
    pub conflict_class_id: Option<Uuid>,
    /// The review chain (D6), fixed at submission.
    pub chain: Option<super::chain::Chain>,
    /// The chain step the claim awaits, and that step's unit; NULL when nobody has to act.
    pub step_index: Option<i32>,
    pub awaiting_unit_id: Option<Uuid>,
    /// Since when it waits for that step: the queue sorts by it.
    pub awaiting_since: Option<DateTimeUtc>,
    /// Optimistic lock: every change bumps it.
    pub lock_version: i32,
    pub submitted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum State {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "submitted")]
    Submitted,
    #[sea_orm(string_value = "sub_approved")]
    SubApproved,
    #[sea_orm(string_value = "returned")]
    Returned,
    #[sea_orm(string_value = "unit_recognised")]
    UnitRecognised,
    #[sea_orm(string_value = "province_confirmed")]
    ProvinceConfirmed,
    #[sea_orm(string_value = "rejected")]
    Rejected,
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
    #[sea_orm(string_value = "revoked")]
    Revoked,
    /// Not a claim state: a class record posted from a roster, as a standing shows it.
    #[sea_orm(string_value = "posted")]
    Posted,
    /// Not a claim state: an online-learning record synced from the platform.
    #[sea_orm(string_value = "synced")]
    Synced,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::Submitted => "已提交",
            Self::SubApproved => "三级单位已审核",
            Self::Returned => "已退回",
            Self::UnitRecognised => "单位已认定",
            Self::ProvinceConfirmed => "复审通过",
            Self::Rejected => "不予认定",
            Self::Withdrawn => "已作废",
            Self::Revoked => "已撤销",
            Self::Posted => "已登记",
            Self::Synced => "已同步",
        }
    }

    /// The claimant may still change it: nobody has acted on it yet, or it came back.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Submitted | Self::Returned)
    }

    /// Holds its activity and its hours against the per-year cap.
    pub fn live(self) -> bool {
        !matches!(self, Self::Rejected | Self::Withdrawn | Self::Revoked)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
