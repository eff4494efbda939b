//! Dates as the people using the system see them: China Standard Time (UTC+8, no DST).
//! "Not in the future", deadlines and years are judged on this calendar, not the server's.

use chrono::{FixedOffset, NaiveDate, Utc};

const CST_SECONDS: i32 = 8 * 3600;

pub fn today() -> NaiveDate {
    let cst = FixedOffset::east_opt(CST_SECONDS).expect("UTC+8 is a valid offset");
    Utc::now().with_timezone(&cst).date_naive()
}
