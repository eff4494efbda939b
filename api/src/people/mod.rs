//! People (专业技术人员): identity numbers, phones, the person entity.

pub mod dictionary;
pub mod export;
mod id_number;
pub mod import;
pub mod model;
pub mod person;
pub mod routes;
pub mod service;
pub mod title;
pub mod transfer;
pub mod transfers;

pub use id_number::{Gender, IdError, IdNumber, mask_id_str};

/// A mainland mobile number with `+86`/`0086`/`86`, spaces and hyphens stripped, or `None`.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let compact: String = raw
        .chars()
        .filter(|c| !(c.is_whitespace() || *c == '-' || *c == '\u{3000}'))
        .collect();
    let digits = compact
        .strip_prefix("+86")
        .or_else(|| compact.strip_prefix("0086"))
        .or_else(|| compact.strip_prefix("86").filter(|r| r.len() == 11))
        .unwrap_or(&compact);
    let b = digits.as_bytes();
    let valid = b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit);
    valid.then(|| digits.to_owned())
}

/// `138****5678`.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "*".repeat(phone.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(
            normalize_phone("+86 138-0000-1234"),
            Some("13800001234".into())
        );
        assert_eq!(
            normalize_phone("008613800001234"),
            Some("13800001234".into())
        );
        assert_eq!(normalize_phone("8613800001234"), Some("13800001234".into()));
        assert_eq!(normalize_phone("12800001234"), None);
        assert_eq!(normalize_phone("jt_admin"), None);
        assert_eq!(mask_phone("13800001234"), "138****1234");
    }
}
