//! Units, persons, accounts, sessions, failed logins and the audit log.
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
                .col(string_len_null(Units::Address, 255))
                .col(string_len_null(Units::ContactName, 64))
                .col(string_len_null(Units::ContactPhone, 32))
                .col(boolean(Units::SecondConfirms).default(true))
                .col(boolean(Units::Active).default(true))
                .col(timestamp_with_time_zone(Units::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Units::Table, Units::ParentId)
                        .to(Units::Table, Units::Id),
                )
                .to_owned(),
        )
        .await?;
        index(m, "idx_units_path", Units::Table, Units::Path).await?;
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
                .col(boolean(Persons::IsProvincial).default(true))
                .col(timestamp_with_time_zone(Persons::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Persons::Table, Persons::UnitId)
                        .to(Units::Table, Units::Id),
                )
                .to_owned(),
        )
        .await?;
        index(m, "idx_persons_unit", Persons::Table, Persons::UnitId).await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_uuid(Users::Id))
                .col(string_len_uniq(Users::Username, 64))
                .col(string_len(Users::DisplayName, 64))
                .col(string_len(Users::PasswordHash, 255))
                .col(boolean(Users::MustChangePassword).default(false))
                .col(boolean(Users::Disabled).default(false))
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
                .to_owned(),
        )
        .await?;
        index(m, "idx_audit_at", AuditLog::Table, AuditLog::At).await?;
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
            AuditLog::Table.into_iden(),
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
    Address,
    ContactName,
    ContactPhone,
    SecondConfirms,
    Active,
    CreatedAt,
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
    IsProvincial,
    CreatedAt,
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
}
