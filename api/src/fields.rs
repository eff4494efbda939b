//! Field checks shared by the services: each returns the cleaned value or collects a Chinese
//! field error, so one request reports every bad field at once.

use crate::{
    error::{AppError, AppResult, FieldError},
    people::{IdError, IdNumber, normalize_phone},
};

/// Collects field errors; `finish` fails with all of them, or succeeds when there are none.
#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// Required text, blanks (including U+3000) trimmed, 1..=max characters.
    pub fn text(&mut self, field: &str, label: &str, value: &str, max: usize) -> String {
        let v = clean(value);
        if v.is_empty() {
            self.fail(field, "required", format!("请填写{label}"));
        } else if v.chars().count() > max {
            self.fail(field, "too_long", format!("{label}最多 {max} 个字"));
        }
        v
    }

    /// Optional text: empty becomes `None`.
    pub fn optional_text(
        &mut self,
        field: &str,
        label: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let v = clean(value.unwrap_or_default());
        if v.chars().count() > max {
            self.fail(field, "too_long", format!("{label}最多 {max} 个字"));
        }
        (!v.is_empty()).then_some(v)
    }

    /// A person's name: 2–30 characters of Chinese, letters, `·` and spaces.
    pub fn person_name(&mut self, field: &str, value: &str) -> String {
        let v = clean(value);
        let ok_chars = v
            .chars()
            .all(|c| c.is_alphabetic() || c == '·' || c == '•' || c == ' ');
        if v.is_empty() {
            self.fail(field, "required", "请填写姓名");
        } else if !ok_chars || !(2..=30).contains(&v.chars().count()) {
            self.fail(field, "invalid_name", "姓名应为 2–30 个汉字或字母");
        }
        v
    }

    pub fn id_number(&mut self, field: &str, value: &str) -> Option<IdNumber> {
        match IdNumber::parse(value) {
            Ok(id) => Some(id),
            Err(e) => {
                self.fail(field, id_error_code(e), e.message());
                None
            }
        }
    }

    /// A mainland mobile number, normalized; `required` decides whether empty is an error.
    pub fn mobile(&mut self, field: &str, value: Option<&str>, required: bool) -> Option<String> {
        let raw = clean(value.unwrap_or_default());
        if raw.is_empty() {
            if required {
                self.fail(field, "required", "请填写手机号码");
            }
            return None;
        }
        let phone = normalize_phone(&raw);
        if phone.is_none() {
            self.fail(field, "invalid_phone", "手机号码应为 11 位大陆手机号");
        }
        phone
    }

    /// A contact phone: a mobile, or a landline such as 0571-87654321 (7–20 digits and `-`).
    pub fn contact_phone(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let raw = clean(value.unwrap_or_default());
        if raw.is_empty() {
            return None;
        }
        if let Some(m) = normalize_phone(&raw) {
            return Some(m);
        }
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        if raw.chars().all(|c| c.is_ascii_digit() || c == '-') && (7..=20).contains(&digits) {
            Some(raw)
        } else {
            self.fail(
                field,
                "invalid_phone",
                "联系电话应为手机号或座机号（如 0571-87654321）",
            );
            None
        }
    }

    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

/// Trims ASCII and full-width blanks.
pub fn clean(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .to_owned()
}

pub fn id_error_code(e: IdError) -> &'static str {
    match e {
        IdError::Length => "id_length",
        IdError::Format => "id_format",
        IdError::Region => "id_region",
        IdError::BirthDate => "id_birth_date",
        IdError::Age => "id_age",
        IdError::Checksum => "id_checksum",
    }
}

/// Page and size from a query, bounded.
pub fn paging(page: Option<u64>, page_size: Option<u64>) -> (u64, u64) {
    (
        page.unwrap_or(1).max(1),
        page_size.unwrap_or(20).clamp(1, 100),
    )
}
