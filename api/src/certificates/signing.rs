//! Ed25519 signatures over a certificate's canonical JSON, and the compact token in its QR
//! code: `base64url(payload JSON) "." base64url(signature over those payload bytes)`. The
//! token carries what a verifier needs offline (number, masked name, year, totals and a hash
//! binding it to the full content), so anyone with the published public key can check it.

use std::path::Path;

use anyhow::{Context, bail};
use base64::{Engine, engine::general_purpose::STANDARD, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The deployment's certificate key.
pub struct CertKey {
    signing: SigningKey,
}

impl CertKey {
    /// From configuration (base64 of the 32-byte seed), else the embedded mode's key file,
    /// generated on first start.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        let seed = match configured {
            Some(b64) => decode_seed(b64).context("XUESHI_SIGNING_KEY")?,
            None => {
                let path = data_dir.join("signing_key");
                match std::fs::read_to_string(&path) {
                    Ok(text) => decode_seed(text.trim())
                        .with_context(|| format!("invalid key file {}", path.display()))?,
                    Err(_) => {
                        let mut seed = [0u8; 32];
                        rand::rng().fill_bytes(&mut seed);
                        crate::write_private(&path, &STANDARD.encode(seed))
                            .with_context(|| format!("cannot write {}", path.display()))?;
                        seed
                    }
                }
            }
        };
        Ok(Self {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    pub fn public(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// Base64 (standard) of the 32-byte public key.
    pub fn public_base64(&self) -> String {
        STANDARD.encode(self.public().to_bytes())
    }

    /// A short name for the key: the first 4 bytes of SHA-256 of the public key, hex.
    pub fn key_id(&self) -> String {
        key_id(&self.public())
    }

    /// Base64 signature over `bytes`.
    pub fn sign(&self, bytes: &[u8]) -> String {
        STANDARD.encode(self.signing.sign(bytes).to_bytes())
    }

    pub fn token(&self, payload: &TokenPayload) -> String {
        let body = serde_json::to_vec(payload).unwrap_or_default();
        let sig = self.signing.sign(&body);
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&body),
            URL_SAFE_NO_PAD.encode(sig.to_bytes())
        )
    }
}

/// A published public key (base64 of 32 bytes).
pub fn public_key_from_base64(b64: &str) -> anyhow::Result<VerifyingKey> {
    let bytes = STANDARD.decode(b64.trim()).context("not base64")?;
    let bytes = <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| anyhow::anyhow!("an Ed25519 public key is 32 bytes"))?;
    VerifyingKey::from_bytes(&bytes).context("not an Ed25519 public key")
}

pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(key.to_bytes())[..4])
}

fn decode_seed(b64: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = STANDARD
        .decode(b64)
        .or_else(|_| URL_SAFE_NO_PAD.decode(b64))
        .context("not base64")?;
    match <[u8; 32]>::try_from(bytes.as_slice()) {
        Ok(seed) => Ok(seed),
        Err(_) => bail!("an Ed25519 seed is 32 bytes (got {})", bytes.len()),
    }
}

/// What the QR token says, in short keys to keep the code small.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenPayload {
    /// Certificate number.
    pub n: String,
    /// Version.
    pub v: i32,
    /// Year.
    pub y: i32,
    /// Name, middle masked.
    pub nm: String,
    /// Registered hours in tenths: total, 专业, 公需, 行业公需.
    pub h: [i32; 4],
    /// Issue date, `YYYY-MM-DD`.
    pub d: String,
    /// The first 12 bytes of SHA-256 of the signed canonical content, base64url.
    pub c: String,
    /// Key id.
    pub k: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    Malformed,
    BadSignature,
}

/// Checks a token against a public key; the payload only when the signature holds.
pub fn verify_token(key: &VerifyingKey, token: &str) -> Result<TokenPayload, TokenError> {
    let (body, sig) = token.split_once('.').ok_or(TokenError::Malformed)?;
    let body = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| TokenError::Malformed)?;
    let sig = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| TokenError::Malformed)?;
    let sig = Signature::from_slice(&sig).map_err(|_| TokenError::Malformed)?;
    key.verify_strict(&body, &sig)
        .map_err(|_| TokenError::BadSignature)?;
    serde_json::from_slice(&body).map_err(|_| TokenError::Malformed)
}

/// Checks a base64 signature over `bytes`.
pub fn verify_signature(key: &VerifyingKey, bytes: &[u8], signature_b64: &str) -> bool {
    STANDARD
        .decode(signature_b64)
        .ok()
        .and_then(|s| Signature::from_slice(&s).ok())
        .is_some_and(|sig| key.verify_strict(bytes, &sig).is_ok())
}

/// JSON with object keys sorted and no whitespace (RFC 8785 for our values: strings,
/// integers, booleans; no floats are ever signed), so the same content always gives the
/// same bytes whatever serde_json's map order.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The first 12 bytes of SHA-256, base64url: how a token names the content it belongs to.
pub fn content_digest(canonical: &str) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(canonical.as_bytes())[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CertKey {
        CertKey {
            signing: SigningKey::from_bytes(&[7u8; 32]),
        }
    }

    fn payload() -> TokenPayload {
        TokenPayload {
            n: "ZJ2026-ABCD-EFGH-JKMN".into(),
            v: 1,
            y: 2026,
            nm: "张*三".into(),
            h: [900, 600, 300, 200],
            d: "2026-11-25".into(),
            c: "x".into(),
            k: "k".into(),
        }
    }

    #[test]
    fn token_round_trips_and_any_changed_byte_fails() {
        let k = key();
        let token = k.token(&payload());
        assert_eq!(verify_token(&k.public(), &token), Ok(payload()));
        for i in 0..token.len() {
            let mut bytes = token.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let Ok(tampered) = String::from_utf8(bytes) else {
                continue;
            };
            if tampered != token {
                assert!(verify_token(&k.public(), &tampered).is_err(), "byte {i}");
            }
        }
        let other = CertKey {
            signing: SigningKey::from_bytes(&[8u8; 32]),
        };
        assert_eq!(
            verify_token(&other.public(), &token),
            Err(TokenError::BadSignature)
        );
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let v = serde_json::json!({"b": 1, "a": {"d": [1, {"z": true, "y": "中"}], "c": null}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":null,"d":[1,{"y":"中","z":true}]},"b":1}"#
        );
    }

    #[test]
    fn signatures_verify_only_for_the_signed_bytes() {
        let k = key();
        let sig = k.sign(b"content");
        assert!(verify_signature(&k.public(), b"content", &sig));
        assert!(!verify_signature(&k.public(), b"contenT", &sig));
    }
}
