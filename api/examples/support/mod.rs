//! What the benchmark drivers share: distinct valid 身份证号 and confirmed persons of a unit.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::Set;
use uuid::Uuid;
use xueshi::people::person;

/// The `n`-th 身份证号 of `region` (6 digits), born on `from` or up to `n / 900` days later,
/// with a valid check character.
pub fn id_number(region: &str, from: NaiveDate, n: u64) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let birth = from + Duration::days((n / 900) as i64);
    let body = format!("{region}{}{:03}", birth.format("%Y%m%d"), 100 + n % 900);
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// A confirmed person of `unit`, without phone or title.
pub fn person(
    id: Uuid,
    id_number: &str,
    name: String,
    unit: Uuid,
    now: DateTime<Utc>,
) -> anyhow::Result<person::ActiveModel> {
    let birth = NaiveDate::parse_from_str(&id_number[6..14], "%Y%m%d")?;
    let male = (id_number.as_bytes()[16] - b'0') % 2 == 1;
    Ok(person::ActiveModel {
        id: Set(id),
        id_number: Set(id_number.to_owned()),
        name: Set(name),
        gender: Set(if male { "M" } else { "F" }.into()),
        birth_date: Set(birth),
        phone: Set(None),
        unit_id: Set(Some(unit)),
        title_series: Set(None),
        title_level: Set(None),
        title_name: Set(None),
        is_provincial: Set(true),
        affiliation: Set(person::CONFIRMED.into()),
        confirmed_at: Set(Some(now)),
        confirmed_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
}
