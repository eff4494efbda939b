//! The arithmetic of a standing, free of the database: bucket sums and the year's four
//! thresholds (R2) with met / short-by.

use serde::Serialize;
use utoipa::ToSchema;

use crate::{hours::Hours, rules::rule::Category, rules::year};

/// Registered hours per bucket, in tenths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub professional: i32,
    pub industry_public: i32,
    pub general_public: i32,
}

impl Totals {
    pub fn add(&mut self, bucket: Category, tenths: i32) {
        match bucket {
            Category::Professional => self.professional += tenths,
            Category::IndustryPublic => self.industry_public += tenths,
            Category::GeneralPublic => self.general_public += tenths,
        }
    }

    /// 公需科目 = 行业公需 + 一般公需.
    pub fn public(&self) -> i32 {
        self.industry_public + self.general_public
    }

    pub fn total(&self) -> i32 {
        self.professional + self.public()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    Total,
    Professional,
    Public,
    IndustryPublic,
}

impl Threshold {
    pub const ALL: [Threshold; 4] = [
        Self::Total,
        Self::Professional,
        Self::Public,
        Self::IndustryPublic,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Total => "总学时",
            Self::Professional => "专业科目",
            Self::Public => "公需科目",
            Self::IndustryPublic => "行业公需科目",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Total => "total",
            Self::Professional => "professional",
            Self::Public => "public",
            Self::IndustryPublic => "industry_public",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }

    pub fn required(self, y: &year::Model) -> i32 {
        match self {
            Self::Total => y.total_min,
            Self::Professional => y.professional_min,
            Self::Public => y.public_min,
            Self::IndustryPublic => y.industry_public_min,
        }
    }

    pub fn registered(self, t: &Totals) -> i32 {
        match self {
            Self::Total => t.total(),
            Self::Professional => t.professional,
            Self::Public => t.public(),
            Self::IndustryPublic => t.industry_public,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThresholdCheck {
    pub key: Threshold,
    pub label: String,
    #[schema(value_type = f64)]
    pub required: Hours,
    #[schema(value_type = f64)]
    pub registered: Hours,
    pub met: bool,
    /// 0 when met.
    #[schema(value_type = f64)]
    pub short_by: Hours,
}

pub fn checks(t: &Totals, y: &year::Model) -> Vec<ThresholdCheck> {
    Threshold::ALL
        .into_iter()
        .map(|k| {
            let (required, registered) = (k.required(y), k.registered(t));
            ThresholdCheck {
                key: k,
                label: k.label().into(),
                required: Hours(required),
                registered: Hours(registered),
                met: registered >= required,
                short_by: Hours((required - registered).max(0)),
            }
        })
        .collect()
}

/// D5: the certificate needs the total; the year may also require the category minima.
pub fn eligible(t: &Totals, y: &year::Model) -> bool {
    let all = checks(t, y).iter().all(|c| c.met);
    t.total() >= y.total_min && (!y.require_category_minima || all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year() -> year::Model {
        year::default_for(2026)
    }

    #[test]
    fn ninety_with_professional_59_meets_the_total_only() {
        let t = Totals {
            professional: 590,
            industry_public: 200,
            general_public: 110,
        };
        assert_eq!(t.total(), 900);
        let c = checks(&t, &year());
        let met: Vec<(&str, bool, i32)> = c
            .iter()
            .map(|c| (c.key.code(), c.met, c.short_by.0))
            .collect();
        assert_eq!(
            met,
            [
                ("total", true, 0),
                ("professional", false, 10),
                ("public", true, 0),
                ("industry_public", true, 0),
            ]
        );
        assert!(eligible(&t, &year()), "D5 default: the total alone");
        let strict = year::Model {
            require_category_minima: true,
            ..year()
        };
        assert!(!eligible(&t, &strict));
    }

    #[test]
    fn industry_public_counts_inside_public() {
        let mut t = Totals::default();
        t.add(Category::IndustryPublic, 110);
        t.add(Category::GeneralPublic, 70);
        t.add(Category::Professional, 715);
        let c = checks(&t, &year());
        assert!(c[2].met, "公需 18 = 11 + 7");
        assert_eq!((c[3].met, c[3].short_by.0), (false, 10), "行业公需 11 < 12");
        assert_eq!((c[0].met, c[0].short_by.0), (false, 5), "89.5 < 90");
        assert!(!eligible(&t, &year()));
    }
}
