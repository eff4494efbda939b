//! The review chain of a claim (D6), fixed when it is submitted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Claims::Table)
                .add_column(json_null(Claims::Chain))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Claims::Table)
                .drop_column(Claims::Chain)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Claims {
    Table,
    Chain,
}
