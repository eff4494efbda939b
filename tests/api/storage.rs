//! The Storage trait on local disk and on a real S3-compatible server, and signed downloads.

use bytes::Bytes;
use futures_util::TryStreamExt;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use xueshi::{
    config::StorageConfig,
    storage::{LocalDisk, ObjectKey, S3Store, Storage, StorageError},
};
use xueshi_tests::{TestApp, expect_problem, s3_config};

async fn read_all(storage: &dyn Storage, key: &ObjectKey) -> Result<Vec<u8>, StorageError> {
    let stream = storage.get(key).await?;
    let chunks: Vec<Bytes> = stream
        .try_collect()
        .await
        .map_err(|e| StorageError::Backend(e.into()))?;
    Ok(chunks.concat())
}

/// The contract every backend keeps.
async fn exercise(storage: &dyn Storage) {
    let key = ObjectKey::generate("test").expect("key");
    // 3 MB, so streaming crosses many chunks.
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let stored = storage
        .put(&key, Bytes::from(data.clone()), "application/octet-stream")
        .await
        .expect("put");
    assert_eq!(stored.size, data.len() as u64);
    assert_eq!(stored.sha256, hex::encode(Sha256::digest(&data)));
    assert!(storage.exists(&key).await.expect("exists"));
    assert_eq!(read_all(storage, &key).await.expect("get"), data);

    // Overwrite replaces the content.
    storage
        .put(&key, Bytes::from_static(b"v2"), "text/plain")
        .await
        .expect("overwrite");
    assert_eq!(read_all(storage, &key).await.expect("get v2"), b"v2");

    storage.delete(&key).await.expect("delete");
    assert!(!storage.exists(&key).await.expect("exists after delete"));
    assert!(matches!(
        read_all(storage, &key).await,
        Err(StorageError::NotFound)
    ));
    storage
        .delete(&key)
        .await
        .expect("deleting a missing object is fine");
}

#[tokio::test]
async fn local_disk_keeps_the_contract() {
    let dir = tempfile::tempdir().expect("tempdir");
    let storage = LocalDisk::new(dir.path().join("files"))
        .await
        .expect("local");
    exercise(&storage).await;
    // Nothing is left behind but directories (no temp files).
    let leftovers = walk(dir.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() { walk(&p) } else { vec![p] }
        })
        .collect()
}

#[tokio::test]
async fn s3_keeps_the_contract() {
    let Some(cfg) = s3_config() else { return };
    let storage = S3Store::new(&cfg).expect("s3");
    exercise(&storage).await;
}

#[tokio::test]
async fn s3_with_a_wrong_secret_is_refused_by_the_server() {
    let Some(mut cfg) = s3_config() else { return };
    cfg.secret_key = "not-the-secret".into();
    let storage = S3Store::new(&cfg).expect("s3");
    let key = ObjectKey::generate("test").expect("key");
    let err = storage
        .put(&key, Bytes::from_static(b"x"), "text/plain")
        .await;
    assert!(matches!(err, Err(StorageError::Backend(_))), "{err:?}");
    assert!(xueshi::storage::check(&storage).await.is_err());
}

async fn signed_download_roundtrip(app: &TestApp) {
    let key = ObjectKey::generate("evidence").expect("key");
    let png = b"\x89PNG\r\n\x1a\n-not-really-a-png".to_vec();
    app.state
        .storage
        .put(&key, Bytes::from(png.clone()), "image/png")
        .await
        .expect("put");
    let url = app.state.signer.url(&key, "image/png", 60);

    let resp = app.get(&url, None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert_eq!(resp.bytes().await.expect("body").to_vec(), png);

    let tampered = url.replace("image%2Fpng", "text%2Fhtml");
    expect_problem(app.get(&tampered, None).await, 403, "invalid_signature").await;
    let other_key = url.replace(key.as_str(), "evidence/2026/01/somebody-else");
    expect_problem(app.get(&other_key, None).await, 403, "invalid_signature").await;
    let expired = app.state.signer.url(&key, "image/png", -1);
    expect_problem(app.get(&expired, None).await, 403, "invalid_signature").await;
    let unsigned = format!("/api/v1/files/{}", key.as_str());
    let resp = app.get(&unsigned, None).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);

    // A signed link to a deleted file is a plain 404.
    app.state.storage.delete(&key).await.expect("delete");
    expect_problem(app.get(&url, None).await, 404, "not_found").await;
}

#[tokio::test]
async fn signed_urls_stream_from_local_disk() {
    let app = TestApp::spawn_with(false).await;
    assert_eq!(app.state.storage.kind(), "local");
    signed_download_roundtrip(&app).await;
}

#[tokio::test]
async fn signed_urls_stream_from_s3() {
    let Some(cfg) = s3_config() else { return };
    let app = TestApp::spawn_with_storage(StorageConfig::S3(cfg)).await;
    assert_eq!(app.state.storage.kind(), "s3");
    let ready: serde_json::Value = app.get("/readyz", None).await.json().await.expect("json");
    assert_eq!(ready["storage"], "ok");
    signed_download_roundtrip(&app).await;
}
