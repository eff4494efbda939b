//! API keys of the integration clients and the `Platform` extractor that turns one into a
//! caller. A key is `xsk_<16 hex>_<43 base64url>`: the first part finds its row, the whole
//! key's SHA-256 is compared in constant time. Keys carry the `sync` permission only: no
//! other endpoint accepts them, and a user's token is no key here.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use base64::Engine;
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use uuid::Uuid;

use super::entity::{call, client, key};
use crate::{
    app::AppState,
    error::{AppError, AppResult},
    storage::sha256_hex,
};

const PREFIX: &str = "xsk_";

/// A new key: the secret to show once, and the row to keep.
pub fn generate(client_id: Uuid, created_by: Uuid) -> (String, key::ActiveModel) {
    let mut id = [0u8; 8];
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut id);
    rand::rng().fill_bytes(&mut secret);
    let prefix = format!("{PREFIX}{}", hex::encode(id));
    let full = format!(
        "{prefix}_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
    );
    let row = key::ActiveModel {
        id: Set(Uuid::now_v7()),
        client_id: Set(client_id),
        prefix: Set(prefix),
        hash: Set(sha256_hex(full.as_bytes())),
        created_by: Set(created_by),
        created_at: Set(Utc::now()),
        expires_at: Set(None),
        revoked_at: Set(None),
        last_used_at: Set(None),
    };
    (full, row)
}

/// A platform calling with a valid key of its own.
#[derive(Debug, Clone)]
pub struct Platform {
    pub client: client::Model,
    pub key_id: Uuid,
    pub ip: Option<String>,
}

fn refused(code: &'static str, detail: &'static str) -> AppError {
    AppError::unauthorized(code, detail)
}

/// The key from `Authorization: Bearer …` or `X-Api-Key`.
fn presented(req: &HttpRequest) -> Option<String> {
    let header_key = req
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty());
    crate::auth::actor::bearer(req)
        .or(header_key)
        .map(str::to_owned)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Platform {
    /// Checks the key; the rate limit is checked by [`Platform::admit`].
    pub async fn authenticate(
        state: &AppState,
        raw: Option<String>,
        ip: Option<String>,
    ) -> AppResult<Self> {
        let raw = raw.ok_or_else(|| {
            refused(
                "api_key_required",
                "请在 Authorization 头中以 Bearer 方式提供接口密钥",
            )
        })?;
        let invalid = || refused("invalid_api_key", "接口密钥无效");
        let prefix = raw
            .get(..PREFIX.len() + 16)
            .filter(|p| p.starts_with(PREFIX))
            .ok_or_else(invalid)?;
        let row = key::Entity::find()
            .filter(key::Column::Prefix.eq(prefix))
            .one(&state.db)
            .await?
            .ok_or_else(invalid)?;
        if !constant_time_eq(sha256_hex(raw.as_bytes()).as_bytes(), row.hash.as_bytes()) {
            return Err(invalid());
        }
        let now = Utc::now();
        if row.revoked_at.is_some() {
            return Err(refused(
                "api_key_revoked",
                "接口密钥已吊销，请向系统管理员申请新密钥",
            ));
        }
        if !row.usable_at(now) {
            return Err(refused(
                "api_key_expired",
                "接口密钥已过期（已轮换），请改用新密钥",
            ));
        }
        let client = client::Entity::find_by_id(row.client_id)
            .one(&state.db)
            .await?
            .ok_or_else(invalid)?;
        Ok(Self {
            client,
            key_id: row.id,
            ip,
        })
    }

    /// The key must belong to the platform named in the path.
    pub fn require(&self, platform_id: Uuid) -> AppResult<()> {
        if self.client.id == platform_id {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "api_key_other_platform",
                "该接口密钥属于其他平台，不能访问本平台的数据",
            ))
        }
    }

    /// The per-minute limit, counted on the call log so it holds across instances.
    pub async fn admit(&self, db: &impl ConnectionTrait, per_minute: u32) -> AppResult<()> {
        let recent = call::Entity::find()
            .filter(call::Column::ClientId.eq(self.client.id))
            .filter(call::Column::At.gt(Utc::now() - Duration::seconds(60)))
            .count(db)
            .await?;
        if recent >= u64::from(per_minute) {
            return Err(AppError::TooManyRequests {
                code: "rate_limited",
                detail: format!("调用过于频繁：每个平台每分钟最多 {per_minute} 次，请稍后重试")
                    .into(),
                retry_after_seconds: 60,
            });
        }
        Ok(())
    }

    /// Logs an accepted call (in the caller's transaction) and marks the key used.
    pub async fn log(
        &self,
        db: &impl ConnectionTrait,
        id: Uuid,
        kind: &str,
        records: usize,
        counts: Option<serde_json::Value>,
    ) -> AppResult<()> {
        let now = Utc::now();
        call::ActiveModel {
            id: Set(id),
            client_id: Set(self.client.id),
            key_id: Set(self.key_id),
            at: Set(now),
            kind: Set(kind.into()),
            records: Set(i32::try_from(records).unwrap_or(i32::MAX)),
            counts: Set(counts),
        }
        .insert(db)
        .await?;
        key::Entity::update_many()
            .col_expr(
                key::Column::LastUsedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(key::Column::Id.eq(self.key_id))
            .exec(db)
            .await?;
        Ok(())
    }
}

impl FromRequest for Platform {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let raw = presented(req);
        let ip = crate::auth::actor::client_ip(req);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState missing")))?;
            Platform::authenticate(&state, raw, ip).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_has_its_prefix_and_hash() {
        let (k, row) = generate(Uuid::nil(), Uuid::nil());
        assert!(k.starts_with("xsk_"));
        assert_eq!(k.len(), 4 + 16 + 1 + 43);
        let sea_orm::ActiveValue::Set(prefix) = row.prefix else {
            panic!("prefix set")
        };
        assert!(k.starts_with(&prefix));
        let sea_orm::ActiveValue::Set(hash) = row.hash else {
            panic!("hash set")
        };
        assert_eq!(hash, sha256_hex(k.as_bytes()));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
