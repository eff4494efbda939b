//! Review (issue 5): whose turn a claim awaits, 省学时办's sampling rate per unit, in-app
//! notifications, and each person's registered hours per year kept beside the claims.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        for col in [
            integer_null(Claims::StepIndex),
            uuid_null(Claims::AwaitingUnitId),
            timestamp_with_time_zone_null(Claims::AwaitingSince),
        ] {
            let mut col = col;
            m.alter_table(
                Table::alter()
                    .table(Claims::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_claims_awaiting")
                .table(Claims::Table)
                .col(Claims::AwaitingUnitId)
                .col(Claims::AwaitingSince)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReviewSampling::Table)
                .col(pk_uuid(ReviewSampling::UnitId))
                .col(integer(ReviewSampling::Percent))
                .col(uuid(ReviewSampling::UpdatedBy))
                .col(timestamp_with_time_zone(ReviewSampling::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(pk_uuid(Notifications::Id))
                .col(uuid(Notifications::UserId))
                .col(string_len(Notifications::Kind, 32))
                .col(string_len(Notifications::Title, 200))
                .col(text(Notifications::Body))
                .col(uuid_null(Notifications::ClaimId))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notifications_user")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Standings::Table)
                .col(uuid(Standings::PersonId))
                .col(integer(Standings::Year))
                .col(integer(Standings::Professional))
                .col(integer(Standings::IndustryPublic))
                .col(integer(Standings::GeneralPublic))
                .col(integer(Standings::Total))
                .col(integer(Standings::PendingReview))
                .col(integer(Standings::InReview))
                .col(integer(Standings::CountedItems))
                .col(timestamp_with_time_zone(Standings::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(Standings::PersonId)
                        .col(Standings::Year),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_standings_year")
                .table(Standings::Table)
                .col(Standings::Year)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Standings::Table.into_iden(),
            Notifications::Table.into_iden(),
            ReviewSampling::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(Index::drop().name("idx_claims_awaiting").to_owned())
            .await?;
        for c in [
            Claims::StepIndex,
            Claims::AwaitingUnitId,
            Claims::AwaitingSince,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Claims::Table)
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Claims {
    Table,
    StepIndex,
    AwaitingUnitId,
    AwaitingSince,
}

#[derive(DeriveIden)]
enum ReviewSampling {
    Table,
    UnitId,
    Percent,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Title,
    Body,
    ClaimId,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Standings {
    Table,
    PersonId,
    Year,
    Professional,
    IndustryPublic,
    GeneralPublic,
    Total,
    PendingReview,
    InReview,
    CountedItems,
    UpdatedAt,
}
