use sea_orm_migration::prelude::*;

mod m20261124_000001_foundation;
mod m20261124_000002_claims;
mod m20261124_000003_claim_chain;
mod m20261125_000004_review;
mod m20261125_000005_certificates;
mod m20261125_000006_classes;
mod m20261205_000007_sync;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_foundation::Migration),
            Box::new(m20261124_000002_claims::Migration),
            Box::new(m20261124_000003_claim_chain::Migration),
            Box::new(m20261125_000004_review::Migration),
            Box::new(m20261125_000005_certificates::Migration),
            Box::new(m20261125_000006_classes::Migration),
            Box::new(m20261205_000007_sync::Migration),
        ]
    }
}
