//! 学时 as exact tenths (D11): `15` is 1.5 h. Requests carry hours as JSON numbers and are
//! converted here once, with Chinese field errors; nothing past this point sees a float.

use serde::{Serialize, Serializer};

use crate::fields::Checks;

/// Tenths of an hour in a response; serialises as a plain number (`12`, `12.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Hours(pub i32);

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 10 == 0 {
            s.serialize_i32(self.0 / 10)
        } else {
            // Tenths are exact enough in binary for display: 12.5, 0.1, 7.3.
            s.serialize_f64(f64::from(self.0) / 10.0)
        }
    }
}

impl From<i32> for Hours {
    fn from(t: i32) -> Self {
        Self(t)
    }
}

/// `125` → `12.5`, `120` → `12`.
pub fn fmt(tenths: i32) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

/// Rounds down to the 0.5 h grid.
pub fn floor_half(tenths: i64) -> i32 {
    i32::try_from(tenths.max(0) / 5 * 5).unwrap_or(i32::MAX)
}

/// Largest value any hour field may take (a year has 8,784 hours).
const MAX_TENTHS: f64 = 99_999.0;

impl Checks {
    /// An hour amount: > 0, at most one decimal and, when `half_steps`, a multiple of 0.5.
    pub fn hours(&mut self, field: &str, label: &str, value: f64, half_steps: bool) -> Option<i32> {
        let scaled = value * 10.0;
        let tenths = scaled.round();
        if !value.is_finite() || value <= 0.0 {
            self.fail(field, "not_positive", format!("{label}应大于 0"));
        } else if (scaled - tenths).abs() > 1e-6 {
            self.fail(field, "too_precise", format!("{label}最多保留一位小数"));
        } else if tenths > MAX_TENTHS {
            self.fail(field, "too_large", format!("{label}数值过大"));
        } else if half_steps && tenths % 5.0 != 0.0 {
            self.fail(field, "not_half_step", format!("{label}应为 0.5 的整数倍"));
        } else {
            #[allow(clippy::cast_possible_truncation)]
            return Some(tenths as i32);
        }
        None
    }

    pub fn optional_hours(
        &mut self,
        field: &str,
        label: &str,
        value: Option<f64>,
        half_steps: bool,
    ) -> Option<i32> {
        value.and_then(|v| self.hours(field, label, v, half_steps))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_refuses() {
        let mut c = Checks::new();
        assert_eq!(c.hours("h", "学时", 1.5, true), Some(15));
        assert_eq!(c.hours("h", "学时", 8.0, true), Some(80));
        assert_eq!(c.hours("h", "学时", 0.1, false), Some(1));
        assert!(c.finish().is_ok());
        for bad in [0.0, -1.0, 1.25, 0.3, f64::NAN, 1e9] {
            let mut c = Checks::new();
            assert_eq!(c.hours("h", "学时", bad, true), None, "{bad}");
            assert!(c.finish().is_err());
        }
    }

    #[test]
    fn formats_and_serialises() {
        assert_eq!(fmt(125), "12.5");
        assert_eq!(fmt(120), "12");
        assert_eq!(fmt(5), "0.5");
        assert_eq!(floor_half(127), 125);
        assert_eq!(
            serde_json::to_string(&Hours(125)).ok().as_deref(),
            Some("12.5")
        );
        assert_eq!(serde_json::to_string(&Hours(80)).ok().as_deref(), Some("8"));
    }
}
