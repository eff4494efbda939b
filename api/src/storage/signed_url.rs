//! Short-lived signed download URLs of our own, so a browser can fetch a file (an `<img>`,
//! a PDF) without a bearer header, and the link stops working after a few minutes.
//! The same route streams from local disk or S3, so no storage endpoint is ever exposed.

use actix_web::{HttpResponse, get, http::header, web};
use chrono::Utc;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use super::ObjectKey;
use crate::{
    app::AppState,
    error::{AppError, AppResult},
};

type HmacSha256 = Hmac<Sha256>;

/// Content types a signed URL may declare; anything else is served as a download.
const INLINE_TYPES: &[&str] = &["image/jpeg", "image/png", "image/webp", "application/pdf"];

#[derive(Clone)]
pub struct UrlSigner {
    key: Vec<u8>,
}

impl UrlSigner {
    /// Derives its own key from the deployment secret, so it differs from the JWT key.
    pub fn new(secret: &[u8]) -> Self {
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts any key length");
        mac.update(b"xueshi signed file urls v1");
        Self {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    fn mac(&self, key: &str, expires: i64, content_type: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC accepts any key length");
        mac.update(format!("{key}\n{expires}\n{content_type}").as_bytes());
        mac
    }

    /// A relative URL valid for `ttl_secs`.
    pub fn url(&self, key: &ObjectKey, content_type: &str, ttl_secs: i64) -> String {
        let expires = Utc::now().timestamp() + ttl_secs;
        let sig = hex::encode(
            self.mac(key.as_str(), expires, content_type)
                .finalize()
                .into_bytes(),
        );
        format!(
            "/api/v1/files/{}?exp={expires}&ct={}&sig={sig}",
            key.as_str(),
            encode_component(content_type)
        )
    }

    /// Constant-time check of signature and expiry.
    pub fn verify(&self, key: &str, expires: i64, content_type: &str, sig: &str) -> bool {
        let Ok(sig) = hex::decode(sig) else {
            return false;
        };
        expires >= Utc::now().timestamp()
            && self
                .mac(key, expires, content_type)
                .verify_slice(&sig)
                .is_ok()
    }
}

fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Deserialize, IntoParams)]
pub struct SignedQuery {
    /// Expiry, Unix seconds.
    exp: i64,
    /// Content type the file is served with.
    ct: String,
    /// HMAC-SHA256 signature, hex.
    sig: String,
}

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(download);
}

/// 下载附件: a signed, short-lived link handed out by the API; no login needed, but the
/// signature and the expiry are checked.
#[utoipa::path(
    tag = "files",
    params(("key" = String, Path, description = "object key"), SignedQuery),
    responses(
        (status = 200, description = "file content", content_type = "application/octet-stream"),
        (status = 403, description = "链接无效或已过期 (`invalid_signature`)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "文件不存在", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/files/{key:.*}")]
async fn download(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<SignedQuery>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    if !state.signer.verify(&key, query.exp, &query.ct, &query.sig) {
        return Err(AppError::forbidden(
            "invalid_signature",
            "下载链接无效或已过期，请刷新页面后重试",
        ));
    }
    let key = ObjectKey::parse(&key).map_err(|_| AppError::NotFound)?;
    let stream = state.storage.get(&key).await?;
    let inline = INLINE_TYPES.contains(&query.ct.as_str());
    let content_type = if inline {
        query.ct.as_str()
    } else {
        "application/octet-stream"
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "private, max-age=300"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            if inline { "inline" } else { "attachment" },
        ))
        .streaming(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exp_and_sig(url: &str) -> (i64, String) {
        let q = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let get = |name: &str| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                .unwrap_or_default()
                .to_owned()
        };
        (get("exp").parse().unwrap_or_default(), get("sig"))
    }

    #[test]
    fn signature_binds_key_expiry_and_type() -> anyhow::Result<()> {
        let s = UrlSigner::new(b"secret-secret-secret-secret-1234");
        let key = ObjectKey::parse("evidence/a.jpg")?;
        let (exp, sig) = exp_and_sig(&s.url(&key, "image/jpeg", 60));
        assert!(s.verify("evidence/a.jpg", exp, "image/jpeg", &sig));
        assert!(!s.verify("evidence/b.jpg", exp, "image/jpeg", &sig));
        assert!(!s.verify("evidence/a.jpg", exp + 1, "image/jpeg", &sig));
        assert!(!s.verify("evidence/a.jpg", exp, "text/html", &sig));
        assert!(!UrlSigner::new(b"other").verify("evidence/a.jpg", exp, "image/jpeg", &sig));
        // A correctly signed but expired link is refused.
        let (old_exp, old_sig) = exp_and_sig(&s.url(&key, "image/jpeg", -5));
        assert!(!s.verify("evidence/a.jpg", old_exp, "image/jpeg", &old_sig));
        Ok(())
    }
}
