//! Attachments as files under one root directory.

use std::path::PathBuf;

use anyhow::Context;
use bytes::Bytes;
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

use super::{ByteStream, ObjectKey, Storage, StorageError, StoredObject, sha256_hex};

pub struct LocalDisk {
    root: PathBuf,
}

impl LocalDisk {
    pub async fn new(root: PathBuf) -> anyhow::Result<Self> {
        tokio::fs::create_dir_all(&root)
            .await
            .with_context(|| format!("cannot create storage directory {}", root.display()))?;
        Ok(Self { root })
    }

    // `ObjectKey` admits no `..` or absolute paths, so this stays under `root`.
    fn path(&self, key: &ObjectKey) -> PathBuf {
        self.root.join(key.as_str())
    }
}

fn io_err(e: std::io::Error) -> StorageError {
    if e.kind() == std::io::ErrorKind::NotFound {
        StorageError::NotFound
    } else {
        StorageError::Backend(e.into())
    }
}

#[async_trait::async_trait]
impl Storage for LocalDisk {
    fn kind(&self) -> &'static str {
        "local"
    }

    async fn put(
        &self,
        key: &ObjectKey,
        data: Bytes,
        _content_type: &str,
    ) -> Result<StoredObject, StorageError> {
        let path = self.path(key);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(io_err)?;
        }
        // Write beside the target and rename: a reader never sees half a file.
        let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::now_v7().simple()));
        let mut file = tokio::fs::File::create(&tmp).await.map_err(io_err)?;
        file.write_all(&data).await.map_err(io_err)?;
        file.sync_all().await.map_err(io_err)?;
        drop(file);
        tokio::fs::rename(&tmp, &path).await.map_err(io_err)?;
        Ok(StoredObject {
            key: key.clone(),
            size: data.len() as u64,
            sha256: sha256_hex(&data),
        })
    }

    async fn get(&self, key: &ObjectKey) -> Result<ByteStream, StorageError> {
        let file = tokio::fs::File::open(self.path(key))
            .await
            .map_err(io_err)?;
        Ok(Box::pin(ReaderStream::new(file)))
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        match tokio::fs::remove_file(self.path(key)).await.map_err(io_err) {
            Ok(()) | Err(StorageError::NotFound) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn exists(&self, key: &ObjectKey) -> Result<bool, StorageError> {
        tokio::fs::try_exists(self.path(key)).await.map_err(io_err)
    }
}
