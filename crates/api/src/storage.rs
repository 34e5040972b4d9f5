//! Where attachment bytes live, behind one interface (`object_store`): the local file
//! system by default (`STORAGE_URL=file:///path`, or a relative `file://.local/files`),
//! or S3-compatible object storage (`STORAGE_URL=s3://bucket`, with `S3_ENDPOINT`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`).

use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::error::ApiError;

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
}

/// How to reach an S3-compatible store.
#[derive(Clone, Debug, Default)]
pub struct S3 {
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<crate::secrets::Hidden>,
}

impl Storage {
    pub fn new(url: &str, s3: &S3) -> anyhow::Result<Self> {
        let store: Arc<dyn ObjectStore> = if let Some(path) = url.strip_prefix("file://") {
            std::fs::create_dir_all(path).with_context(|| format!("STORAGE_URL: cannot create {path}"))?;
            Arc::new(object_store::local::LocalFileSystem::new_with_prefix(path).context("STORAGE_URL")?)
        } else if let Some(bucket) = url.strip_prefix("s3://") {
            let mut b = object_store::aws::AmazonS3Builder::new().with_bucket_name(bucket).with_region(&s3.region);
            if let Some(e) = &s3.endpoint {
                b = b.with_endpoint(e).with_allow_http(e.starts_with("http://"));
            }
            if let (Some(k), Some(s)) = (&s3.access_key_id, &s3.secret_access_key) {
                b = b.with_access_key_id(k).with_secret_access_key(s.as_str());
            }
            Arc::new(b.build().context("STORAGE_URL (S3)")?)
        } else {
            anyhow::bail!("STORAGE_URL must start with file:// or s3://, got {url:?}");
        };
        Ok(Self { store })
    }

    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), ApiError> {
        self.store
            .put(&Path::from(key), PutPayload::from(bytes))
            .await
            .map(drop)
            .map_err(|e| ApiError::caused(format!("storage put {key}"), e))
    }

    /// Removes an object (none there is not an error).
    pub async fn delete(&self, key: &str) -> Result<(), ApiError> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(ApiError::caused(format!("storage delete {key}"), e)),
        }
    }

    /// Deletes objects from a thread outside any async runtime (the worker, `civis jobs`);
    /// a failure is logged (the rows already serve no one these bytes).
    pub fn delete_blocking(&self, keys: &[String]) {
        if keys.is_empty() {
            return;
        }
        match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => {
                for key in keys {
                    if let Err(e) = rt.block_on(self.delete(key)) {
                        tracing::error!(error = %e, "a removed file was not deleted");
                    }
                }
            }
            Err(e) => tracing::error!(error = %e, "no runtime to delete removed files"),
        }
    }

    pub async fn get(&self, key: &str) -> Result<Bytes, ApiError> {
        let found = self.store.get(&Path::from(key)).await;
        match found {
            Ok(r) => r.bytes().await.map_err(|e| ApiError::caused(format!("storage read {key}"), e)),
            Err(object_store::Error::NotFound { .. }) => Err(ApiError::NotFound),
            Err(e) => Err(ApiError::caused(format!("storage get {key}"), e)),
        }
    }
}
