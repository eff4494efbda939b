//! Units, titles, persons, transfers, accounts, sessions, failed logins, imports and the
//! audit log.
//! Written against sea-query only, so it runs unchanged on SQLite and PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Units::Table)
                .col(pk_uuid(Units::Id))
                .col(string_len(Units::Name, 200))
                .col(string_len_uniq(Units::Code, 18))
                .col(string_len(Units::Tier, 16))
                .col(uuid_null(Units::ParentId))
                .col(string_len(Units::Path, 255))
                .col(string_len_null(Units::CodeOverrideReason, 255))
                .col(string_len_null(Units::Address, 255))
                .col(string_len_null(Units::ContactName, 64))
                .col(string_len_null(Units::ContactPhone, 32))
                .col(boolean(Units::SecondConfirms).default(true))
                .col(boolean(Units::Active).default(true))
                .col(timestamp_with_time_zone(Units::CreatedAt))
                .col(timestamp_with_time_zone(Units::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Units::Table, Units::ParentId)
                        .to(Units::Table, Units::Id),
                )
                .to_owned(),
        )
        .await?;
        // Subtree queries are range scans on this index (`path >= p AND path < p'`); on
        // PostgreSQL the column must compare bytewise, whatever the database's collation.
        if m.get_database_backend() == sea_orm::DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    r#"ALTER TABLE units ALTER COLUMN path TYPE varchar(255) COLLATE "C""#,
                )
                .await?;
        }
        index(m, "idx_units_path", Units::Table, Units::Path).await?;

        m.create_table(
            Table::create()
                .table(Titles::Table)
                .col(pk_uuid(Titles::Id))
                .col(string_len(Titles::Series, 32))
                .col(string_len(Titles::Level, 2))
                .col(string_len(Titles::Name, 32))
                .col(boolean(Titles::Active).default(true))
                .col(timestamp_with_time_zone(Titles::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_titles")
                .table(Titles::Table)
                .col(Titles::Series)
                .col(Titles::Level)
                .col(Titles::Name)
                .unique()
                .to_owned(),
        )
        .await?;
        seed_titles(m).await?;
        index(m, "idx_units_parent", Units::Table, Units::ParentId).await?;

        m.create_table(
            Table::create()
                .table(Persons::Table)
                .col(pk_uuid(Persons::Id))
                .col(string_len_uniq(Persons::IdNumber, 18))
                .col(string_len(Persons::Name, 64))
                .col(string_len(Persons::Gender, 1))
                .col(date(Persons::BirthDate))
                .col(string_len_null(Persons::Phone, 16))
                .col(uuid_null(Persons::UnitId))
                .col(string_len_null(Persons::TitleSeries, 32))
                .col(string_len_null(Persons::TitleLevel, 2))
                .col(string_len_null(Persons::TitleName, 32))
                .col(boolean(Persons::IsProvincial).default(true))
                .col(string_len(Persons::Affiliation, 16))
                .col(timestamp_with_time_zone_null(Persons::ConfirmedAt))
                .col(uuid_null(Persons::ConfirmedBy))
                .col(timestamp_with_time_zone(Persons::CreatedAt))
                .col(timestamp_with_time_zone(Persons::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Persons::Table, Persons::UnitId)
                        .to(Units::Table, Units::Id),
                )
                .to_owned(),
        )
        .await?;
        index(m, "idx_persons_unit", Persons::Table, Persons::UnitId).await?;
        index(m, "idx_persons_name", Persons::Table, Persons::Name).await?;
        index(m, "idx_persons_phone", Persons::Table, Persons::Phone).await?;

        m.create_table(
            Table::create()
                .table(Transfers::Table)
                .col(pk_uuid(Transfers::Id))
                .col(uuid(Transfers::PersonId))
                .col(uuid(Transfers::FromUnitId))
                .col(uuid(Transfers::ToUnitId))
                .col(string_len(Transfers::Status, 16))
                .col(uuid_null(Transfers::ReleasedBy))
                .col(timestamp_with_time_zone_null(Transfers::ReleasedAt))
                .col(uuid_null(Transfers::AcceptedBy))
                .col(timestamp_with_time_zone_null(Transfers::AcceptedAt))
                .col(string_len_null(Transfers::Reason, 255))
                .col(timestamp_with_time_zone(Transfers::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Transfers::Table, Transfers::PersonId)
                        .to(Persons::Table, Persons::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Transfers::Table, Transfers::FromUnitId)
                        .to(Units::Table, Units::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Transfers::Table, Transfers::ToUnitId)
                        .to(Units::Table, Units::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_transfers_person",
            Transfers::Table,
            Transfers::PersonId,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_uuid(Users::Id))
                .col(string_len_uniq(Users::Username, 64))
                .col(string_len(Users::DisplayName, 64))
                .col(string_len(Users::PasswordHash, 255))
                .col(boolean(Users::MustChangePassword).default(false))
                .col(boolean(Users::Disabled).default(false))
                .col(timestamp_with_time_zone_null(Users::ActivationExpiresAt))
                .col(uuid_null(Users::PersonId))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::PersonId)
                        .to(Persons::Table, Persons::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RoleBindings::Table)
                .col(pk_uuid(RoleBindings::Id))
                .col(uuid(RoleBindings::UserId))
                .col(string_len(RoleBindings::Role, 16))
                .col(uuid_null(RoleBindings::UnitId))
                .col(timestamp_with_time_zone(RoleBindings::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RoleBindings::Table, RoleBindings::UserId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RoleBindings::Table, RoleBindings::UnitId)
                        .to(Units::Table, Units::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_role_bindings")
                .table(RoleBindings::Table)
                .col(RoleBindings::UserId)
                .col(RoleBindings::Role)
                .col(RoleBindings::UnitId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(pk_uuid(RefreshTokens::Id))
                .col(uuid(RefreshTokens::FamilyId))
                .col(uuid(RefreshTokens::UserId))
                .col(string_len_uniq(RefreshTokens::TokenHash, 64))
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshTokens::Table, RefreshTokens::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_refresh_tokens_family",
            RefreshTokens::Table,
            RefreshTokens::FamilyId,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginFailures::Table)
                .col(pk_uuid(LoginFailures::Id))
                .col(string_len(LoginFailures::Login, 64))
                .col(timestamp_with_time_zone(LoginFailures::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_login_failures_login_at")
                .table(LoginFailures::Table)
                .col(LoginFailures::Login)
                .col(LoginFailures::At)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_uuid(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(uuid_null(AuditLog::ActorUserId))
                .col(string_len_null(AuditLog::ActorRole, 16))
                .col(uuid_null(AuditLog::ActorUnitId))
                .col(string_len(AuditLog::Action, 64))
                .col(string_len(AuditLog::EntityType, 32))
                .col(string_len_null(AuditLog::EntityId, 64))
                .col(json_null(AuditLog::Before))
                .col(json_null(AuditLog::After))
                .col(string_len_null(AuditLog::Ip, 64))
                .col(string_len_null(AuditLog::ScopePath, 255))
                .to_owned(),
        )
        .await?;
        index(m, "idx_audit_at", AuditLog::Table, AuditLog::At).await?;
        index(m, "idx_audit_scope", AuditLog::Table, AuditLog::ScopePath).await?;
        if m.get_database_backend() == sea_orm::DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared(r#"ALTER TABLE audit_log ALTER COLUMN scope_path TYPE varchar(255) COLLATE "C""#)
                .await?;
        }

        m.create_table(
            Table::create()
                .table(Imports::Table)
                .col(pk_uuid(Imports::Id))
                .col(string_len(Imports::Kind, 32))
                .col(string_len(Imports::ContentHash, 64))
                .col(uuid(Imports::ActorUserId))
                .col(string_len(Imports::ObjectKey, 200))
                .col(string_len(Imports::Status, 16))
                .col(json_null(Imports::Summary))
                .col(timestamp_with_time_zone(Imports::CreatedAt))
                .col(timestamp_with_time_zone_null(Imports::CommittedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_imports_kind_hash")
                .table(Imports::Table)
                .col(Imports::Kind)
                .col(Imports::ContentHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_entity")
                .table(AuditLog::Table)
                .col(AuditLog::EntityType)
                .col(AuditLog::EntityId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Imports::Table.into_iden(),
            AuditLog::Table.into_iden(),
            Transfers::Table.into_iden(),
            Titles::Table.into_iden(),
            LoginFailures::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            RoleBindings::Table.into_iden(),
            Users::Table.into_iden(),
            Persons::Table.into_iden(),
            Units::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

/// domain.md §2.8 L2: title names per series, by level 正高级/副高级/中级/助理级/员级.
/// The system administrator edits the dictionary afterwards; this is only the first content.
const TITLES: &[(&str, [&str; 5])] = &[
    (
        "工程技术人员",
        [
            "正高级工程师",
            "高级工程师",
            "工程师",
            "助理工程师",
            "技术员",
        ],
    ),
    (
        "经济专业人员",
        [
            "正高级经济师",
            "高级经济师",
            "经济师",
            "助理经济师",
            "经济员",
        ],
    ),
    (
        "会计人员",
        [
            "正高级会计师",
            "高级会计师",
            "会计师",
            "助理会计师",
            "会计员",
        ],
    ),
    (
        "审计专业人员",
        ["正高级审计师", "高级审计师", "审计师", "助理审计师", ""],
    ),
    (
        "统计专业人员",
        ["正高级统计师", "高级统计师", "统计师", "助理统计师", ""],
    ),
    (
        "自然科学研究人员",
        ["研究员", "副研究员", "助理研究员", "研究实习员", ""],
    ),
    ("高等学校教师", ["教授", "副教授", "讲师", "助教", ""]),
    (
        "实验技术人员",
        [
            "正高级实验师",
            "高级实验师",
            "实验师",
            "助理实验师",
            "实验员",
        ],
    ),
    (
        "档案专业人员",
        ["研究馆员", "副研究馆员", "馆员", "助理馆员", "管理员"],
    ),
    (
        "图书资料专业人员",
        ["研究馆员", "副研究馆员", "馆员", "助理馆员", "管理员"],
    ),
    (
        "工艺美术专业人员",
        [
            "正高级工艺美术师",
            "高级工艺美术师",
            "工艺美术师",
            "助理工艺美术师",
            "工艺美术员",
        ],
    ),
];
const LEVEL_CODES: [&str; 5] = ["ZG", "FG", "ZJ", "ZL", "YJ"];

async fn seed_titles(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut insert = Query::insert();
    insert.into_table(Titles::Table).columns([
        Titles::Id,
        Titles::Series,
        Titles::Level,
        Titles::Name,
        Titles::Active,
        Titles::CreatedAt,
    ]);
    let now = chrono::Utc::now();
    for (series, names) in TITLES {
        for (level, name) in LEVEL_CODES.iter().zip(names) {
            if name.is_empty() {
                continue;
            }
            insert.values_panic([
                uuid::Uuid::now_v7().into(),
                (*series).into(),
                (*level).into(),
                (*name).into(),
                true.into(),
                now.into(),
            ]);
        }
    }
    m.exec_stmt(insert).await
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    col: impl IntoIden,
) -> Result<(), DbErr> {
    m.create_index(Index::create().name(name).table(table).col(col).to_owned())
        .await
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    Name,
    Code,
    Tier,
    ParentId,
    Path,
    CodeOverrideReason,
    Address,
    ContactName,
    ContactPhone,
    SecondConfirms,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Titles {
    Table,
    Id,
    Series,
    Level,
    Name,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Transfers {
    Table,
    Id,
    PersonId,
    FromUnitId,
    ToUnitId,
    Status,
    ReleasedBy,
    ReleasedAt,
    AcceptedBy,
    AcceptedAt,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Imports {
    Table,
    Id,
    Kind,
    ContentHash,
    ActorUserId,
    ObjectKey,
    Status,
    Summary,
    CreatedAt,
    CommittedAt,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
    IdNumber,
    Name,
    Gender,
    BirthDate,
    Phone,
    UnitId,
    TitleSeries,
    TitleLevel,
    TitleName,
    IsProvincial,
    Affiliation,
    ConfirmedAt,
    ConfirmedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    MustChangePassword,
    Disabled,
    ActivationExpiresAt,
    PersonId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RoleBindings {
    Table,
    Id,
    UserId,
    Role,
    UnitId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    FamilyId,
    UserId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    Login,
    At,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorRole,
    ActorUnitId,
    Action,
    EntityType,
    EntityId,
    Before,
    After,
    Ip,
    ScopePath,
}
