//! Yearly thresholds and the claim deadline (D2), as data. A year without a row uses the
//! defaults: 90 / 60 / 18 / 12, category minima not required for the certificate, claims
//! accepted until 31 March of the following year (domain.md §2.6 D5, configurable).

use chrono::NaiveDate;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "year_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    /// Tenths, like every hour figure.
    pub total_min: i32,
    pub professional_min: i32,
    pub public_min: i32,
    pub industry_public_min: i32,
    /// D5: the certificate also requires the category minima.
    pub require_category_minima: bool,
    /// The last day a claim of this year may be created or submitted.
    pub claim_deadline: Date,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The settings of a year when nobody has set them.
pub fn default_for(year: i32) -> Model {
    Model {
        year,
        total_min: 900,
        professional_min: 600,
        public_min: 180,
        industry_public_min: 120,
        require_category_minima: false,
        claim_deadline: NaiveDate::from_ymd_opt(year + 1, 3, 31).unwrap_or(NaiveDate::MAX),
        updated_by: None,
        updated_at: chrono::DateTime::UNIX_EPOCH,
    }
}
