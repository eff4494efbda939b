//! Request and response bodies of the certificate endpoints.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::standing::model::BucketHours;

#[derive(Debug, Deserialize, ToSchema)]
pub struct IssueRequest {
    pub year: i32,
    /// Omit to issue one's own; an admin names a person in scope.
    pub person_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateView {
    pub id: Uuid,
    /// Random certificate number, printed and in the QR code.
    pub number: String,
    pub version: i32,
    /// `valid`, `revoked` or `superseded`.
    pub status: String,
    /// 有效 / 已撤销 / 已被新版本替代.
    pub status_label: String,
    pub year: i32,
    pub person_id: Uuid,
    pub person_name: String,
    pub id_number_masked: String,
    pub unit_name: Option<String>,
    pub registered: BucketHours,
    pub issued_at: DateTime<Utc>,
    pub superseded_by: Option<Uuid>,
    pub superseded_by_number: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    /// A new version is being produced after a change of hours.
    pub reissue_pending: bool,
    /// Short-lived signed link to the stored PDF.
    pub pdf_url: String,
    pub pdf_size: i64,
    pub pdf_sha256: String,
    /// The public verification link (the QR code's content).
    pub verify_url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssueResult {
    /// False when the year had not changed and the existing certificate came back.
    pub created: bool,
    pub certificate: CertificateView,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CertificateFilter {
    pub year: Option<i32>,
    pub person_id: Option<Uuid>,
    /// A unit and its subtree.
    pub unit_id: Option<Uuid>,
    /// `valid`, `revoked` or `superseded`.
    pub status: Option<String>,
    /// Name contains, or the certificate number.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CertificatePage {
    pub items: Vec<CertificateView>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct RevokeRequest {
    #[validate(length(min = 2, max = 500, message = "请填写撤销理由（2–500 字）"))]
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BatchRequest {
    pub year: i32,
    /// The unit whose subtree to print; default the caller's own unit (province: required).
    pub unit_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    pub id: Uuid,
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    pub year: Option<i32>,
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    pub total: i32,
    pub done: i32,
    pub message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Signed link to the ZIP once done.
    pub download_url: Option<String>,
    pub result_size: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct VerifyQuery {
    /// The signed token from the QR code, when scanned.
    pub t: Option<String>,
}

/// What anyone may learn about a certificate: masked identity, totals and its state.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    pub number: String,
    pub status: String,
    pub status_label: String,
    pub version: i32,
    pub person_name_masked: String,
    pub id_number_masked: String,
    pub unit_name: Option<String>,
    pub year: i32,
    pub registered: BucketHours,
    pub issued_at: DateTime<Utc>,
    /// The certificate that replaced this one.
    pub superseded_by_number: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    /// `None` without a token; else whether the QR token is genuine and belongs to this
    /// certificate.
    pub token_valid: Option<bool>,
    pub token_message: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicKey {
    /// Always `Ed25519`.
    pub algorithm: String,
    pub key_id: String,
    /// The 32-byte public key, base64.
    pub public_key: String,
    /// How the QR token is built.
    pub token_format: String,
}
