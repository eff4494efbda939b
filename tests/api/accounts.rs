//! Demo seed and the `create-admin` bootstrap.

use xueshi::auth::{Role, accounts::create_admin};
use xueshi_tests::{DEMO_PASSWORD, TestApp};

#[tokio::test]
async fn demo_data_is_created_once() {
    let app = TestApp::spawn().await;
    assert!(
        !xueshi::demo::seed_if_empty(&app.state.db)
            .await
            .expect("seed")
    );
    assert_eq!(app.audit_count("demo.seeded").await, 1);
}

#[tokio::test]
async fn create_admin_binds_roles_to_fitting_units_only() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    create_admin(db, "ops", "0psPassword", Role::Sysadmin, None)
        .await
        .expect("sysadmin");
    create_admin(
        db,
        "reviewer2",
        "Reviewer22",
        Role::Province,
        Some("11330000002482010G"),
    )
    .await
    .expect("province at the root");
    create_admin(
        db,
        "jg_second",
        "Admin12345",
        Role::UnitAdmin,
        Some("91330000142937230k"),
    )
    .await
    .expect("unit admin of a 三级 unit; code case-insensitive");

    for (role, unit, why) in [
        (
            Role::Sysadmin,
            Some("11330000002482010G"),
            "sysadmin with a unit",
        ),
        (
            Role::Province,
            Some("91330000142925110M"),
            "province outside the root",
        ),
        (
            Role::UnitAdmin,
            Some("11330000002482010G"),
            "unit admin of the root",
        ),
        (Role::UnitAdmin, None, "unit admin without unit"),
        (Role::Organiser, Some("000000000000000000"), "unknown unit"),
        (Role::Person, Some("91330000142925110M"), "person"),
    ] {
        assert!(
            create_admin(db, "x_user", "Passw0rdx", role, unit)
                .await
                .is_err(),
            "{why}"
        );
    }
    assert!(
        create_admin(db, "weak", "short", Role::Sysadmin, None)
            .await
            .is_err()
    );
    // Username already taken.
    assert!(
        create_admin(db, "OPS", "0psPassword", Role::Sysadmin, None)
            .await
            .is_err()
    );

    let tokens = app.login("jg_second", "Admin12345").await;
    let me: serde_json::Value = app
        .get("/api/v1/me", Some(&tokens.access))
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(me["roles"][0]["role_name"], "三级单位管理员");
    let _ = DEMO_PASSWORD;
}
