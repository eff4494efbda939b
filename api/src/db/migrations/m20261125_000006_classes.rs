//! Training classes (issue 7): the 附件1 application with its decision and deadline
//! exceptions, the 办班方案 files, the attendees' posted hours (roster uploads themselves are
//! `imports` rows), lecture videos, and the claim a posted class may duplicate.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Classes::Table)
                .col(pk_uuid(Classes::Id))
                .col(uuid(Classes::OrganiserUnitId))
                .col(string_len(Classes::UnitPath, 255))
                .col(uuid(Classes::CreatedBy))
                .col(string_len(Classes::UnitName, 200))
                .col(string_len(Classes::OrgCode, 18))
                .col(string_len(Classes::Address, 255))
                .col(string_len(Classes::ContactPerson, 64))
                .col(string_len(Classes::ContactPhone, 32))
                .col(string_len(Classes::Name, 200))
                .col(string_len(Classes::Location, 200))
                .col(text(Classes::Content))
                .col(date(Classes::StartDate))
                .col(date(Classes::EndDate))
                .col(integer(Classes::Days))
                .col(integer(Classes::HoursPerDay))
                .col(integer(Classes::TotalHours))
                .col(integer(Classes::PlannedHeadcount))
                .col(string_len(Classes::PlanKind, 16))
                .col(string_len_null(Classes::PlanRef, 255))
                .col(integer(Classes::ReqProfessional))
                .col(integer(Classes::ReqIndustryPublic))
                .col(integer(Classes::ReqGeneralPublic))
                .col(string_len(Classes::State, 16))
                .col(text_null(Classes::Opinion))
                .col(uuid_null(Classes::ReviewedBy))
                .col(string_len_null(Classes::ReviewerName, 64))
                .col(timestamp_with_time_zone_null(Classes::DecidedAt))
                .col(integer_null(Classes::ApprProfessional))
                .col(integer_null(Classes::ApprIndustryPublic))
                .col(integer_null(Classes::ApprGeneralPublic))
                .col(integer(Classes::PostedCount))
                .col(timestamp_with_time_zone_null(Classes::PostedAt))
                .col(timestamp_with_time_zone_null(Classes::SubmittedAt))
                .col(timestamp_with_time_zone(Classes::CreatedAt))
                .col(timestamp_with_time_zone(Classes::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_classes_unit_state")
                .table(Classes::Table)
                .col(Classes::OrganiserUnitId)
                .col(Classes::State)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ClassExceptions::Table)
                .col(pk_uuid(ClassExceptions::Id))
                .col(uuid(ClassExceptions::ClassId))
                .col(string_len(ClassExceptions::Kind, 16))
                .col(text(ClassExceptions::Reason))
                .col(uuid(ClassExceptions::GrantedBy))
                .col(string_len(ClassExceptions::GranterName, 64))
                .col(timestamp_with_time_zone(ClassExceptions::GrantedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_class_exceptions_class")
                .table(ClassExceptions::Table)
                .col(ClassExceptions::ClassId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ClassFiles::Table)
                .col(pk_uuid(ClassFiles::Id))
                .col(uuid(ClassFiles::ClassId))
                .col(string_len(ClassFiles::Kind, 16))
                .col(string_len(ClassFiles::FileName, 200))
                .col(string_len(ClassFiles::ContentType, 64))
                .col(big_integer(ClassFiles::Size))
                .col(string_len(ClassFiles::Sha256, 64))
                .col(string_len(ClassFiles::ObjectKey, 200))
                .col(timestamp_with_time_zone(ClassFiles::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_class_files_class")
                .table(ClassFiles::Table)
                .col(ClassFiles::ClassId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ClassRecords::Table)
                .col(pk_uuid(ClassRecords::Id))
                .col(uuid(ClassRecords::ClassId))
                .col(uuid(ClassRecords::PersonId))
                .col(integer(ClassRecords::Year))
                .col(uuid(ClassRecords::RosterId))
                .col(integer(ClassRecords::RowNumber))
                .col(string_len(ClassRecords::Name, 64))
                .col(string_len(ClassRecords::Gender, 1))
                .col(string_len_null(ClassRecords::Company, 200))
                .col(string_len_null(ClassRecords::Phone, 32))
                .col(string_len_null(ClassRecords::TitleSeries, 64))
                .col(string_len_null(ClassRecords::TitleLevel, 64))
                .col(string_len_null(ClassRecords::TitleName, 64))
                .col(integer(ClassRecords::Hours))
                .col(integer(ClassRecords::Professional))
                .col(integer(ClassRecords::IndustryPublic))
                .col(integer(ClassRecords::GeneralPublic))
                .col(boolean(ClassRecords::NonProvincial))
                .col(string_len(ClassRecords::State, 16))
                .col(timestamp_with_time_zone(ClassRecords::CreatedAt))
                .col(timestamp_with_time_zone(ClassRecords::UpdatedAt))
                .to_owned(),
        )
        .await?;
        // One record per attendee and class (R5): a roster posted twice cannot double it.
        m.create_index(
            Index::create()
                .name("uq_class_records_class_person")
                .table(ClassRecords::Table)
                .col(ClassRecords::ClassId)
                .col(ClassRecords::PersonId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_class_records_person_year")
                .table(ClassRecords::Table)
                .col(ClassRecords::PersonId)
                .col(ClassRecords::Year)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ClassVideos::Table)
                .col(pk_uuid(ClassVideos::Id))
                .col(uuid(ClassVideos::ClassId))
                .col(string_len(ClassVideos::Topic, 200))
                .col(string_len(ClassVideos::Lecturer, 64))
                .col(string_len_null(ClassVideos::Link, 500))
                .col(string_len_null(ClassVideos::ObjectKey, 200))
                .col(string_len_null(ClassVideos::FileName, 200))
                .col(big_integer_null(ClassVideos::FileSize))
                .col(string_len_null(ClassVideos::ContentType, 64))
                .col(string_len(ClassVideos::Status, 16))
                .col(big_integer_null(ClassVideos::FeeCents))
                .col(text_null(ClassVideos::Note))
                .col(uuid_null(ClassVideos::DecidedBy))
                .col(string_len_null(ClassVideos::DeciderName, 64))
                .col(timestamp_with_time_zone_null(ClassVideos::DecidedAt))
                .col(uuid(ClassVideos::CreatedBy))
                .col(timestamp_with_time_zone(ClassVideos::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_class_videos_class")
                .table(ClassVideos::Table)
                .col(ClassVideos::ClassId)
                .to_owned(),
        )
        .await?;

        // R5: a claim that may repeat a posted class is flagged to its reviewers.
        m.alter_table(
            Table::alter()
                .table(Claims::Table)
                .add_column(uuid_null(Claims::ConflictClassId))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Claims::Table)
                .drop_column(Claims::ConflictClassId)
                .to_owned(),
        )
        .await?;
        for t in [
            ClassVideos::Table.into_iden(),
            ClassRecords::Table.into_iden(),
            ClassFiles::Table.into_iden(),
            ClassExceptions::Table.into_iden(),
            Classes::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Classes {
    Table,
    Id,
    OrganiserUnitId,
    UnitPath,
    CreatedBy,
    UnitName,
    OrgCode,
    Address,
    ContactPerson,
    ContactPhone,
    Name,
    Location,
    Content,
    StartDate,
    EndDate,
    Days,
    HoursPerDay,
    TotalHours,
    PlannedHeadcount,
    PlanKind,
    PlanRef,
    ReqProfessional,
    ReqIndustryPublic,
    ReqGeneralPublic,
    State,
    Opinion,
    ReviewedBy,
    ReviewerName,
    DecidedAt,
    ApprProfessional,
    ApprIndustryPublic,
    ApprGeneralPublic,
    PostedCount,
    PostedAt,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ClassExceptions {
    Table,
    Id,
    ClassId,
    Kind,
    Reason,
    GrantedBy,
    GranterName,
    GrantedAt,
}

#[derive(DeriveIden)]
enum ClassFiles {
    Table,
    Id,
    ClassId,
    Kind,
    FileName,
    ContentType,
    Size,
    Sha256,
    ObjectKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ClassRecords {
    Table,
    Id,
    ClassId,
    PersonId,
    Year,
    RosterId,
    RowNumber,
    Name,
    Gender,
    Company,
    Phone,
    TitleSeries,
    TitleLevel,
    TitleName,
    Hours,
    Professional,
    IndustryPublic,
    GeneralPublic,
    NonProvincial,
    State,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ClassVideos {
    Table,
    Id,
    ClassId,
    Topic,
    Lecturer,
    Link,
    ObjectKey,
    FileName,
    FileSize,
    ContentType,
    Status,
    FeeCents,
    Note,
    DecidedBy,
    DeciderName,
    DecidedAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Claims {
    Table,
    ConflictClassId,
}
