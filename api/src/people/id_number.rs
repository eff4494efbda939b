//! 公民身份号码 (GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check character.

use chrono::{Datelike, NaiveDate, Utc};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// A valid 18-character resident ID (or residence permit, prefixes 81/82/83), upper-case X.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
        }
    }
}

/// Why an ID number was refused; each maps to one Chinese message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdError {
    Length,
    Format,
    Region,
    BirthDate,
    Age,
    Checksum,
}

impl IdError {
    pub fn message(self) -> &'static str {
        match self {
            IdError::Length => "身份证号应为 18 位（15 位旧号码不受理）",
            IdError::Format => "身份证号只能由数字和末位 X 组成",
            IdError::Region => "身份证号的地区码不正确",
            IdError::BirthDate => "身份证号中的出生日期不是有效日期",
            IdError::Age => "身份证号中的出生日期不在合理范围内（16–100 岁）",
            IdError::Checksum => "身份证号校验位不正确，请核对",
        }
    }
}

impl IdNumber {
    /// Trims blanks (including U+3000), upper-cases x, then checks everything.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let s: String = raw
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .to_uppercase();
        if s.chars().count() != 18 {
            return Err(IdError::Length);
        }
        let bytes = s.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(IdError::Format);
        }
        let province = (bytes[0] - b'0') * 10 + (bytes[1] - b'0');
        if !matches!(province, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
        {
            return Err(IdError::Region);
        }
        let birth =
            NaiveDate::parse_from_str(&s[6..14], "%Y%m%d").map_err(|_| IdError::BirthDate)?;
        let today = Utc::now().date_naive();
        let age = today.year() - birth.year();
        if birth > today || !(16..=100).contains(&age) {
            return Err(IdError::Age);
        }
        let sum: u32 = bytes[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        if CHECK[(sum % 11) as usize] != bytes[17] {
            return Err(IdError::Checksum);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        // Checked in `parse`.
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").unwrap_or_default()
    }

    /// The 17th digit: odd is male, even is female.
    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// `3301**********1238`: the form shown in every list.
    pub fn masked(&self) -> String {
        mask_id_str(&self.0)
    }
}

/// Masks any stored 18-character ID the same way (first 4, last 4).
pub fn mask_id_str(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let (head, tail) = (&chars[..4], &chars[chars.len() - 4..]);
    format!(
        "{}{}{}",
        head.iter().collect::<String>(),
        "*".repeat(chars.len() - 8),
        tail.iter().collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_vectors() {
        let a = IdNumber::parse("11010519491231002X").expect("the standard's example");
        assert_eq!(a.gender(), Gender::Female);
        assert_eq!(
            a.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap_or_default()
        );
        let b = IdNumber::parse(" 330106198503151238\u{3000}").expect("constructed example");
        assert_eq!(b.gender(), Gender::Male);
        assert_eq!(b.masked(), "3301**********1238");
        assert_eq!(
            IdNumber::parse("11010519491231002x").map(|i| i.as_str().to_owned()),
            Ok("11010519491231002X".into())
        );
    }

    /// Property: every single-character change of a valid ID is refused (MOD 11-2 catches
    /// every substitution; some changes also break the date or the region first).
    #[test]
    fn any_single_substitution_fails() {
        for valid in [
            "11010519491231002X",
            "330106198503151238",
            "330382198811223624",
        ] {
            assert!(IdNumber::parse(valid).is_ok());
            for pos in 0..18 {
                for c in "0123456789X".chars() {
                    let mut chars: Vec<char> = valid.chars().collect();
                    if chars[pos] == c {
                        continue;
                    }
                    chars[pos] = c;
                    let changed: String = chars.into_iter().collect();
                    assert!(IdNumber::parse(&changed).is_err(), "{changed} accepted");
                }
            }
        }
    }

    #[test]
    fn refusals() {
        assert_eq!(
            IdNumber::parse("110105194912310021"),
            Err(IdError::Checksum)
        );
        assert_eq!(
            IdNumber::parse("330106198503151239"),
            Err(IdError::Checksum)
        );
        assert_eq!(IdNumber::parse("330106850315123"), Err(IdError::Length));
        assert_eq!(IdNumber::parse("3301061985031512 8"), Err(IdError::Format));
        assert_eq!(IdNumber::parse("440524188001010014"), Err(IdError::Age));
        assert_eq!(
            IdNumber::parse("330106198502301234"),
            Err(IdError::BirthDate)
        );
        assert_eq!(IdNumber::parse("990106198503151238"), Err(IdError::Region));
    }
}
