//! Certificates (issue 6): every issued version with its signed content and stored PDF,
//! the public verification log (also the rate limiter's memory, shared by all instances),
//! and background jobs (batch printing).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Certificates::Table)
                .col(pk_uuid(Certificates::Id))
                .col(string_len_uniq(Certificates::Number, 32))
                .col(uuid(Certificates::PersonId))
                .col(integer(Certificates::Year))
                .col(integer(Certificates::Version))
                .col(string_len(Certificates::Status, 16))
                .col(uuid_null(Certificates::SupersededBy))
                .col(string_len(Certificates::Fingerprint, 64))
                .col(text(Certificates::Content))
                .col(string_len(Certificates::Signature, 128))
                .col(string_len(Certificates::KeyId, 32))
                .col(text(Certificates::Token))
                .col(integer(Certificates::Total))
                .col(integer(Certificates::Professional))
                .col(integer(Certificates::IndustryPublic))
                .col(integer(Certificates::GeneralPublic))
                .col(string_len(Certificates::PersonName, 64))
                .col(string_len(Certificates::IdMasked, 32))
                .col(string_len_null(Certificates::UnitName, 200))
                .col(string_len(Certificates::PdfKey, 200))
                .col(string_len(Certificates::PdfSha256, 64))
                .col(big_integer(Certificates::PdfSize))
                .col(timestamp_with_time_zone(Certificates::IssuedAt))
                .col(uuid_null(Certificates::IssuedBy))
                .col(boolean(Certificates::ReissuePending))
                .col(timestamp_with_time_zone_null(Certificates::RevokedAt))
                .col(text_null(Certificates::RevokedReason))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_certificates_person_year")
                .table(Certificates::Table)
                .col(Certificates::PersonId)
                .col(Certificates::Year)
                .to_owned(),
        )
        .await?;
        // At most one valid version per person and year, whatever the races.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_certificates_valid ON certificates (person_id, year) \
                 WHERE status = 'valid'",
            )
            .await?;
        m.create_index(
            Index::create()
                .name("idx_certificates_reissue")
                .table(Certificates::Table)
                .col(Certificates::ReissuePending)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CertificateVerifications::Table)
                .col(pk_uuid(CertificateVerifications::Id))
                .col(timestamp_with_time_zone(CertificateVerifications::At))
                .col(string_len_null(CertificateVerifications::Ip, 64))
                .col(string_len(CertificateVerifications::Number, 64))
                .col(uuid_null(CertificateVerifications::CertificateId))
                .col(string_len(CertificateVerifications::Outcome, 16))
                .col(boolean_null(CertificateVerifications::TokenValid))
                .col(string_len_null(CertificateVerifications::UserAgent, 200))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_certificate_verifications_ip")
                .table(CertificateVerifications::Table)
                .col(CertificateVerifications::Ip)
                .col(CertificateVerifications::At)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Jobs::Table)
                .col(pk_uuid(Jobs::Id))
                .col(string_len(Jobs::Kind, 32))
                .col(uuid(Jobs::RequestedBy))
                .col(uuid_null(Jobs::UnitId))
                .col(integer_null(Jobs::Year))
                .col(string_len(Jobs::Status, 16))
                .col(integer(Jobs::Total))
                .col(integer(Jobs::Done))
                .col(text_null(Jobs::Message))
                .col(string_len_null(Jobs::ResultKey, 200))
                .col(big_integer_null(Jobs::ResultSize))
                .col(timestamp_with_time_zone(Jobs::CreatedAt))
                .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                .col(timestamp_with_time_zone_null(Jobs::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_jobs_requested_by")
                .table(Jobs::Table)
                .col(Jobs::RequestedBy)
                .col(Jobs::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Jobs::Table.into_iden(),
            CertificateVerifications::Table.into_iden(),
            Certificates::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Number,
    PersonId,
    Year,
    Version,
    Status,
    SupersededBy,
    Fingerprint,
    Content,
    Signature,
    KeyId,
    Token,
    Total,
    Professional,
    IndustryPublic,
    GeneralPublic,
    PersonName,
    IdMasked,
    UnitName,
    PdfKey,
    PdfSha256,
    PdfSize,
    IssuedAt,
    IssuedBy,
    ReissuePending,
    RevokedAt,
    RevokedReason,
}

#[derive(DeriveIden)]
enum CertificateVerifications {
    Table,
    Id,
    At,
    Ip,
    Number,
    CertificateId,
    Outcome,
    TokenValid,
    UserAgent,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    RequestedBy,
    UnitId,
    Year,
    Status,
    Total,
    Done,
    Message,
    ResultKey,
    ResultSize,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}
