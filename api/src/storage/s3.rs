//! Attachments in an S3-compatible bucket (rust-s3, rustls; no OpenSSL).

use anyhow::Context;
use bytes::Bytes;
use futures_util::StreamExt;
use s3::{Bucket, Region, creds::Credentials, error::S3Error};

use super::{ByteStream, ObjectKey, Storage, StorageError, StoredObject, sha256_hex};
use crate::config::S3Config;

pub struct S3Store {
    bucket: Box<Bucket>,
}

impl S3Store {
    /// The bucket must exist: creating it is the operator's job, not the application's.
    pub fn new(cfg: &S3Config) -> anyhow::Result<Self> {
        let region = Region::Custom {
            region: cfg.region.clone(),
            endpoint: cfg.endpoint.clone(),
        };
        let creds = Credentials::new(
            Some(&cfg.access_key),
            Some(&cfg.secret_key),
            None,
            None,
            None,
        )
        .context("invalid S3 credentials")?;
        let mut bucket = Bucket::new(&cfg.bucket, region, creds).context("invalid S3 bucket")?;
        if cfg.path_style {
            bucket = bucket.with_path_style();
        }
        Ok(Self { bucket })
    }
}

fn s3_err(e: S3Error) -> StorageError {
    match e {
        S3Error::HttpFailWithBody(404, _) => StorageError::NotFound,
        other => StorageError::Backend(anyhow::Error::new(other)),
    }
}

#[async_trait::async_trait]
impl Storage for S3Store {
    fn kind(&self) -> &'static str {
        "s3"
    }

    async fn put(
        &self,
        key: &ObjectKey,
        data: Bytes,
        content_type: &str,
    ) -> Result<StoredObject, StorageError> {
        self.bucket
            .put_object_with_content_type(key.as_str(), &data, content_type)
            .await
            .map_err(s3_err)?;
        Ok(StoredObject {
            key: key.clone(),
            size: data.len() as u64,
            sha256: sha256_hex(&data),
        })
    }

    async fn get(&self, key: &ObjectKey) -> Result<ByteStream, StorageError> {
        let resp = self
            .bucket
            .get_object_stream(key.as_str())
            .await
            .map_err(s3_err)?;
        Ok(Box::pin(
            resp.bytes.map(|chunk| chunk.map_err(std::io::Error::other)),
        ))
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        match self
            .bucket
            .delete_object(key.as_str())
            .await
            .map_err(s3_err)
        {
            Ok(_) | Err(StorageError::NotFound) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn exists(&self, key: &ObjectKey) -> Result<bool, StorageError> {
        match self.bucket.head_object(key.as_str()).await.map_err(s3_err) {
            Ok(_) => Ok(true),
            Err(StorageError::NotFound) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
