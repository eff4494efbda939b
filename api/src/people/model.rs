//! Request and response bodies of the person endpoints.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A person in a list: 身份证号 and phone masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonSummary {
    pub id: Uuid,
    pub name: String,
    /// `M` or `F`.
    pub gender: String,
    /// e.g. `3301**********1238`.
    pub id_number_masked: String,
    pub phone_masked: Option<String>,
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    pub title_series: Option<String>,
    pub title_level: Option<String>,
    pub title_name: Option<String>,
    pub is_provincial: bool,
    /// `pending`, `confirmed` or `rejected`.
    pub affiliation: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonPage {
    pub items: Vec<PersonSummary>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

/// One person in full, for someone in scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonDetail {
    #[serde(flatten)]
    pub summary: PersonSummary,
    pub id_number: String,
    pub phone: Option<String>,
    pub birth_date: NaiveDate,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// 身份证号 and 姓名 can no longer be changed.
    pub identity_locked: bool,
    pub account: Option<PersonAccount>,
    pub pending_transfer: Option<TransferView>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonAccount {
    pub id: Uuid,
    pub username: String,
    pub disabled: bool,
    pub pending_activation: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreatePerson {
    pub id_number: String,
    pub name: String,
    /// `M`/`F` or 男/女; when given it must match the ID's 17th digit.
    pub gender: Option<String>,
    pub phone: Option<String>,
    pub unit_id: Uuid,
    pub title_series: Option<String>,
    /// ZG/FG/ZJ/ZL/YJ or 正高级/副高级/中级/助理级/员级.
    pub title_level: Option<String>,
    pub title_name: Option<String>,
    /// Default true.
    pub is_provincial: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdatePerson {
    /// Refused once the unit has confirmed the person.
    pub id_number: Option<String>,
    /// Refused once the unit has confirmed the person.
    pub name: Option<String>,
    pub phone: Option<String>,
    pub title_series: Option<String>,
    pub title_level: Option<String>,
    pub title_name: Option<String>,
    pub is_provincial: Option<bool>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct PersonFilter {
    /// Part of the name.
    pub name: Option<String>,
    /// A full 身份证号, or its beginning.
    pub id_number: Option<String>,
    /// This unit and every unit below it.
    pub unit_id: Option<Uuid>,
    pub title_level: Option<String>,
    pub is_provincial: Option<bool>,
    /// `pending`, `confirmed` or `rejected`.
    pub affiliation: Option<String>,
    pub page: Option<u64>,
    /// At most 100.
    pub page_size: Option<u64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Reason {
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReleaseRequest {
    /// The unit the person moves to.
    pub to_unit_id: Uuid,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TransferRequest {
    /// The person's 身份证号 (they belong to another unit).
    pub id_number: String,
    /// The caller's unit that takes the person in.
    pub to_unit_id: Uuid,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TransferView {
    pub id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub id_number_masked: String,
    pub from_unit_id: Uuid,
    pub from_unit_name: String,
    pub to_unit_id: Uuid,
    pub to_unit_name: String,
    /// `pending`, `completed` or `cancelled`.
    pub status: String,
    pub released: bool,
    pub accepted: bool,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TitleEntry {
    pub id: Uuid,
    pub series: String,
    pub level: String,
    pub level_name: String,
    pub name: String,
    pub active: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTitle {
    pub series: String,
    pub level: String,
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateTitle {
    pub active: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Registration {
    pub id_number: String,
    pub name: String,
    pub phone: String,
    pub unit_id: Uuid,
    pub password: String,
}
