//! A pathway rule version (D1): rows are only ever added, never edited; the version in force
//! on an activity date is the latest `effective_from` on or before it.

use sea_orm::{FromJsonQueryResult, entity::prelude::*};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pathway_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `P1`…`P17`, or a code the system administrator adds.
    pub code: String,
    pub version: i32,
    pub effective_from: Date,
    pub name: String,
    pub category: Category,
    pub formula: Formula,
    /// Tenths: hours per item (`fixed`), per day (`per_day`), per 10,000 characters.
    pub amount: Option<i32>,
    /// Tenths: the multiplier of actual hours (`per_hour`), `20` = × 2.
    pub factor: Option<i32>,
    /// The level × rank table (`table`).
    pub levels: Option<Levels>,
    pub per_item_cap: Option<i32>,
    pub per_year_cap: Option<i32>,
    pub date_kind: DateKind,
    pub evidence: Evidence,
    /// Whether the claimant must attach proof (false for roster and online hours).
    pub proof_required: bool,
    /// Whether a person may claim by this pathway (P1, P3 arrive by roster or sync).
    pub claimable: bool,
    pub enabled: bool,
    /// 待核定: the figures are candidates until 浙建〔2017〕5号 第八条 is confirmed.
    pub pending_confirmation: bool,
    pub note: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

/// The subject category hours feed (R2.1).
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
pub enum Category {
    /// 专业科目
    #[sea_orm(string_value = "professional")]
    Professional,
    /// 行业公需科目
    #[sea_orm(string_value = "industry_public")]
    IndustryPublic,
    /// 一般公需科目
    #[sea_orm(string_value = "general_public")]
    GeneralPublic,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Self::Professional => "专业科目",
            Self::IndustryPublic => "行业公需科目",
            Self::GeneralPublic => "一般公需科目",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize, ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    /// 按项固定学时
    #[sea_orm(string_value = "fixed")]
    Fixed,
    /// 按天计（每天不超过 8 学时）
    #[sea_orm(string_value = "per_day")]
    PerDay,
    /// 按实际学时 × 系数
    #[sea_orm(string_value = "per_hour")]
    PerHour,
    /// 按每万字
    #[sea_orm(string_value = "per_10k_chars")]
    Per10kChars,
    /// 按级别 × 排名表
    #[sea_orm(string_value = "table")]
    Table,
    /// 按核定
    #[sea_orm(string_value = "approved")]
    Approved,
}

/// Which dates an activity has; its year follows the end date or the single date (D3).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize, ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// 起止日期 (training, study, projects)
    #[sea_orm(string_value = "period")]
    Period,
    /// 单一日期 (publication, award, grant, exam)
    #[sea_orm(string_value = "single")]
    Single,
}

/// One row of a level × rank table: `values[0]` for rank 1, in tenths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub name: String,
    pub values: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Levels(pub Vec<Level>);

/// One item of the evidence checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EvidenceItem {
    /// e.g. 会议通知或邀请函
    pub name: String,
    /// Submitting needs at least one image labelled with this item.
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Evidence(pub Vec<EvidenceItem>);

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
