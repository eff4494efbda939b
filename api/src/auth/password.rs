//! argon2id password hashing and the password policy.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

use crate::error::{AppError, AppResult};

/// Hashes with argon2id (the crate's defaults: 19 MiB, t=2, p=1), as a PHC string.
pub fn hash(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2 hash failed: {e}"))
}

/// True when `password` matches the stored PHC string. A malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Hashes on the blocking pool: argon2 takes tens of milliseconds and must not stall a worker.
pub async fn hash_blocking(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)
}

pub async fn verify_blocking(password: String, phc: String) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || verify(&password, &phc))
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

/// A fixed hash to verify against when the login is unknown, so that unknown and known
/// accounts take the same time to refuse.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$dGlpWm4oYGlK3B8qpq0tGlw3sJbWTN2t0sCKqMHqGY8";

/// Password policy: at least 8 characters, at most 128, with both letters and digits.
pub fn check_policy(field: &str, password: &str) -> AppResult<()> {
    let len = password.chars().count();
    let has_letter = password.chars().any(|c| c.is_ascii_alphabetic());
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    if len < 8 {
        return Err(AppError::invalid(field, "too_short", "密码至少 8 位"));
    }
    if len > 128 {
        return Err(AppError::invalid(field, "too_long", "密码最多 128 位"));
    }
    if !(has_letter && has_digit) {
        return Err(AppError::invalid(
            field,
            "too_weak",
            "密码须同时包含字母和数字",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() -> anyhow::Result<()> {
        let a = hash("Xueshi@2026")?;
        let b = hash("Xueshi@2026")?;
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(verify("Xueshi@2026", &a));
        assert!(!verify("xueshi@2026", &a));
        assert!(!verify("Xueshi@2026", "not a hash"));
        Ok(())
    }

    #[test]
    fn dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify("anything", DUMMY_HASH));
    }

    #[test]
    fn policy() {
        assert!(check_policy("p", "abc123").is_err());
        assert!(check_policy("p", "abcdefgh").is_err());
        assert!(check_policy("p", "12345678").is_err());
        assert!(check_policy("p", "abcd1234").is_ok());
    }
}
