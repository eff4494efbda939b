//! Where attachment files live: local disk by default, any S3-compatible store in production.
//! Callers see only [`Storage`]; keys are always chosen by the server ([`ObjectKey`]).

mod local;
mod s3;
pub mod signed_url;

use std::{io, pin::Pin, sync::Arc};

use bytes::Bytes;
use futures_util::Stream;
use sha2::{Digest, Sha256};

pub use local::LocalDisk;
pub use s3::S3Store;

use crate::config::StorageConfig;

pub type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("object not found")]
    NotFound,
    #[error("storage backend error: {0:#}")]
    Backend(#[from] anyhow::Error),
}

impl From<StorageError> for crate::error::AppError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound => Self::NotFound,
            StorageError::Backend(e) => Self::Internal(e),
        }
    }
}

/// What was stored: the key, the size and the SHA-256 of the content (hex), to record
/// beside the business row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub key: ObjectKey,
    pub size: u64,
    pub sha256: String,
}

#[async_trait::async_trait]
pub trait Storage: Send + Sync {
    /// Short name for logs and `/readyz`: `local` or `s3`.
    fn kind(&self) -> &'static str;
    async fn put(
        &self,
        key: &ObjectKey,
        data: Bytes,
        content_type: &str,
    ) -> Result<StoredObject, StorageError>;
    /// Streams the content; large files are never held in memory whole.
    async fn get(&self, key: &ObjectKey) -> Result<ByteStream, StorageError>;
    /// Deleting a missing object is not an error.
    async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError>;
    async fn exists(&self, key: &ObjectKey) -> Result<bool, StorageError>;
}

pub async fn build(config: &StorageConfig) -> anyhow::Result<Arc<dyn Storage>> {
    Ok(match config {
        StorageConfig::Local { root } => Arc::new(LocalDisk::new(root.clone()).await?),
        StorageConfig::S3(s3) => Arc::new(S3Store::new(s3)?),
    })
}

/// The storage is reachable and answers with our credentials.
pub async fn check(storage: &dyn Storage) -> Result<(), StorageError> {
    storage
        .exists(&ObjectKey::parse("readyz/probe").map_err(StorageError::Backend)?)
        .await
        .map(|_| ())
}

/// The whole object in memory (small files only: PDFs, spreadsheets).
pub async fn read_all(storage: &dyn Storage, key: &ObjectKey) -> Result<Bytes, StorageError> {
    use futures_util::StreamExt;
    let mut stream = storage.get(key).await?;
    let mut buf = bytes::BytesMut::new();
    while let Some(chunk) = stream.next().await {
        buf.extend_from_slice(&chunk.map_err(anyhow::Error::from)?);
    }
    Ok(buf.freeze())
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// A server-chosen object key: `/`-separated segments of `[a-z0-9._-]`, no `..`, ≤ 200 chars.
/// Client file names never become keys, so no path traversal or odd characters can reach
/// the disk or the bucket.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectKey(String);

impl ObjectKey {
    /// A fresh key under `prefix` (e.g. `evidence`): `evidence/2026/11/<uuid v7>`.
    pub fn generate(prefix: &str) -> anyhow::Result<Self> {
        let now = chrono::Utc::now();
        Self::parse(&format!(
            "{prefix}/{}/{}",
            now.format("%Y/%m"),
            uuid::Uuid::now_v7().simple()
        ))
    }

    pub fn parse(s: &str) -> anyhow::Result<Self> {
        let ok_segment = |seg: &str| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        };
        if s.len() > 200 || !s.split('/').all(ok_segment) {
            anyhow::bail!("invalid object key");
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_refuse_traversal_and_odd_names() {
        assert!(ObjectKey::parse("evidence/2026/11/abc.jpg").is_ok());
        for bad in [
            "",
            "/abs",
            "a//b",
            "../etc/passwd",
            "a/../b",
            "A/b",
            "a b",
            "a/b/",
            "中文",
        ] {
            assert!(ObjectKey::parse(bad).is_err(), "{bad}");
        }
        assert!(ObjectKey::generate("evidence").is_ok());
    }
}
