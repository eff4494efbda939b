//! Dates as the people using the system see them: China Standard Time (UTC+8, no DST).
//! "Not in the future", deadlines and years are judged on this calendar, not the server's.

use chrono::{FixedOffset, NaiveDate, Utc};

const CST_SECONDS: i32 = 8 * 3600;

/// UTC+8.
pub fn zone() -> FixedOffset {
    FixedOffset::east_opt(CST_SECONDS).expect("UTC+8 is a valid offset")
}

pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&zone()).date_naive()
}
