//! Access tokens (HS256 JWT, 15 minutes) and opaque refresh tokens.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::AppError;

pub const ACCESS_TTL_SECS: i64 = 15 * 60;
pub const REFRESH_TTL_SECS: i64 = 7 * 24 * 3600;
pub const ISSUER: &str = "xueshi";
pub const AUDIENCE: &str = "xueshi-api";

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// The refresh-token family (one login session).
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        // Only HS256 is accepted: `alg: none` and algorithm confusion are refused by the library.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "aud", "iss"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn issue(&self, user: Uuid, session: Uuid, now: DateTime<Utc>) -> anyhow::Result<String> {
        let claims = Claims {
            sub: user,
            sid: session,
            iat: now.timestamp(),
            exp: now.timestamp() + ACCESS_TTL_SECS,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, AppError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => {
                    AppError::unauthorized("token_expired", "登录已过期，请重新登录")
                }
                _ => AppError::unauthorized("invalid_token", "登录凭据无效，请重新登录"),
            })
    }
}

/// A new opaque refresh token (256 random bits, base64url).
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a refresh token.
pub fn refresh_token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_expiry() -> anyhow::Result<()> {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef");
        let (u, s) = (Uuid::now_v7(), Uuid::now_v7());
        let t = keys.issue(u, s, Utc::now())?;
        let c = keys.verify(&t)?;
        assert_eq!((c.sub, c.sid), (u, s));
        let old = keys.issue(u, s, Utc::now() - chrono::Duration::hours(1))?;
        assert!(matches!(
            keys.verify(&old),
            Err(AppError::Unauthorized {
                code: "token_expired",
                ..
            })
        ));
        let other = JwtKeys::new(b"another-secret-another-secret-xx");
        assert!(other.verify(&t).is_err());
        Ok(())
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let (a, b) = (new_refresh_token(), new_refresh_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(refresh_token_hash(&a).len(), 64);
    }
}
