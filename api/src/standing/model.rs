//! Request and response bodies of the standing endpoints.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::tally::ThresholdCheck;
use crate::{claims::State, hours::Hours, rules::rule::Category};

#[derive(Debug, Deserialize, IntoParams)]
pub struct YearQuery {
    /// Defaults to the current year (UTC+8).
    pub year: Option<i32>,
}

/// Hours per bucket, in hours with one decimal.
#[derive(Debug, Serialize, ToSchema)]
pub struct BucketHours {
    #[schema(value_type = f64)]
    pub professional: Hours,
    #[schema(value_type = f64)]
    pub industry_public: Hours,
    #[schema(value_type = f64)]
    pub general_public: Hours,
    /// 公需科目 = 行业公需 + 一般公需.
    #[schema(value_type = f64)]
    pub public: Hours,
    #[schema(value_type = f64)]
    pub total: Hours,
}

/// Where an item's hours come from (D4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// 个人申报, passed 复审.
    Claim,
    /// 统一认定的培训班, posted from its roster (the id is the class's).
    Class,
    /// 网络学习, synced from the e-learning platform (the id is the record's).
    Online,
}

/// One item behind the totals: counted, or shown apart while under review.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandingItem {
    pub source: Source,
    pub id: Uuid,
    pub pathway_code: String,
    pub pathway_name: String,
    pub title: String,
    pub date: NaiveDate,
    #[schema(value_type = f64)]
    pub hours: Hours,
    /// The bucket it fills.
    pub bucket: Category,
    pub bucket_label: String,
    pub state: State,
    pub state_label: String,
}

/// A person's year (RP1): registered hours, the thresholds, and every item behind them.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandingView {
    pub person_id: Uuid,
    pub person_name: String,
    pub unit_name: Option<String>,
    pub year: i32,
    pub registered: BucketHours,
    pub thresholds: Vec<ThresholdCheck>,
    /// All four thresholds met.
    pub met: bool,
    /// D5: may print the year's certificate.
    pub certificate_eligible: bool,
    /// Recognised by the unit, awaiting 复审: not counted.
    #[schema(value_type = f64)]
    pub pending_review: Hours,
    /// Under the unit's review: not counted.
    #[schema(value_type = f64)]
    pub in_review: Hours,
    /// The counted items, each with the bucket it filled.
    pub counted: Vec<StandingItem>,
    /// Items under review, shown apart.
    pub pending: Vec<StandingItem>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct StandingFilter {
    pub year: Option<i32>,
    /// This unit and the units below it.
    pub unit_id: Option<Uuid>,
    /// `met` or `unmet` (all four thresholds).
    pub status: Option<String>,
    /// Short of this threshold: `total`, `professional`, `public`, `industry_public`.
    pub short: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// One person of the unit standing list.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandingRow {
    pub person_id: Uuid,
    pub name: String,
    pub id_number_masked: String,
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    pub title_name: Option<String>,
    pub registered: BucketHours,
    #[schema(value_type = f64)]
    pub pending_review: Hours,
    pub met: bool,
    /// Labels of the thresholds not met, e.g. `专业科目`.
    pub short: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StandingPage {
    pub year: i32,
    pub items: Vec<StandingRow>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
    /// Over all pages of the filter: persons meeting all thresholds.
    pub met_count: u64,
}
