//! Database connection and migrations. The only place that knows which backend is in use.

pub mod migrations;

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use sea_orm_migration::MigratorTrait;

pub use migrations::Migrator;

/// Opens the pool. SQLite gets WAL and several connections (sea-orm's default of one
/// connection serialises every request), and on every connection foreign keys on and a
/// busy timeout, so concurrent writers wait instead of failing. PostgreSQL plans every query
/// with its actual parameters.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        opts.max_connections(8)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5))
                    .create_if_missing(true)
            });
    } else {
        // Custom plans always: the batch lookups (`col = ANY($n)` over a thousand keys) got
        // generic plans after five runs on a connection and took 0.5 s instead of 10 ms
        // (bench/sync.sh); planning a query afresh costs far less than such a plan.
        opts.max_connections(20)
            .min_connections(2)
            .map_sqlx_postgres_opts(|o| o.options([("plan_cache_mode", "force_custom_plan")]));
    }
    Ok(Database::connect(opts).await?)
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await?;
    Ok(())
}
