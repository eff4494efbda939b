//! Database behaviour that must be identical on SQLite and PostgreSQL.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, Set};
use uuid::Uuid;
use xueshi::{
    error::AppError,
    orgs::{Tier, unit},
};
use xueshi_tests::TestApp;

fn unit_row(code: &str) -> unit::ActiveModel {
    let id = Uuid::now_v7();
    unit::ActiveModel {
        id: Set(id),
        name: Set("测试单位".into()),
        code: Set(code.into()),
        tier: Set(Tier::Second),
        parent_id: Set(None),
        path: Set(unit::path_of(None, id)),
        code_override_reason: Set(None),
        address: Set(None),
        contact_name: Set(None),
        contact_phone: Set(None),
        second_confirms: Set(true),
        active: Set(true),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
    }
}

#[tokio::test]
async fn a_unique_violation_becomes_a_conflict_on_this_backend() {
    let app = TestApp::spawn_with(false).await;
    unit_row("91350100M000100Y43")
        .insert(&app.state.db)
        .await
        .expect("first insert");
    let err = unit_row("91350100M000100Y43")
        .insert(&app.state.db)
        .await
        .expect_err("duplicate code");
    match AppError::from(err) {
        AppError::Conflict { code, .. } => assert_eq!(code, "duplicate", "{}", app.backend),
        other => panic!("{}: expected Conflict, got {other:?}", app.backend),
    }
}

#[tokio::test]
async fn a_missing_parent_becomes_a_conflict_on_this_backend() {
    let app = TestApp::spawn_with(false).await;
    let mut row = unit_row("D2143569X");
    row.parent_id = Set(Some(Uuid::now_v7()));
    let err = row
        .insert(&app.state.db)
        .await
        .expect_err("dangling parent");
    assert!(
        matches!(
            AppError::from(err),
            AppError::Conflict {
                code: "referenced",
                ..
            }
        ),
        "{}",
        app.backend
    );
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let app = TestApp::spawn_with(false).await;
    xueshi::db::migrate(&app.state.db)
        .await
        .expect("second run is a no-op");
}

/// Subtree scope is a range on `units.path`; the plan must use the index on both backends
/// (on PostgreSQL the column is `COLLATE "C"` so the range is bytewise).
#[tokio::test]
async fn subtree_queries_use_the_path_index() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let txn = db.begin().await.expect("txn");
    let sql = match backend {
        DbBackend::Postgres => {
            txn.execute_unprepared("SET LOCAL enable_seqscan = off")
                .await
                .expect("set");
            "EXPLAIN SELECT id FROM units WHERE path >= '/a/' AND path < '/a0'"
        }
        _ => "EXPLAIN QUERY PLAN SELECT id FROM units WHERE path >= '/a/' AND path < '/a0'",
    };
    let rows = txn
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("explain");
    let plan: Vec<String> = rows
        .iter()
        .map(|r| {
            r.try_get_by_index::<String>(if backend == DbBackend::Postgres { 0 } else { 3 })
                .unwrap_or_default()
        })
        .collect();
    let plan = plan.join("\n");
    assert!(plan.contains("idx_units_path"), "{backend:?} plan:\n{plan}");
    txn.rollback().await.expect("rollback");
}
