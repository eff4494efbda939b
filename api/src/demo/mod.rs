//! Demo data for an empty database: the unit tree, an admin at each level, a few persons.
//! Every demo login uses [`DEMO_PASSWORD`]; README lists them.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::{
    audit::Audit,
    auth::{
        Role,
        accounts::{bind, insert_user},
        entities::user,
        password,
    },
    orgs::{Tier, unit},
    people::{IdNumber, person},
};

pub const DEMO_PASSWORD: &str = "Xueshi@2026";

struct DemoUnit {
    key: &'static str,
    parent: Option<&'static str>,
    name: &'static str,
    code: &'static str,
    tier: Tier,
}

const UNITS: &[DemoUnit] = &[
    DemoUnit {
        key: "sxb",
        parent: None,
        name: "浙江省住房和城乡建设行业专业技术人员继续教育学时登记管理办公室",
        code: "11330000002482010G",
        tier: Tier::Province,
    },
    DemoUnit {
        key: "jt",
        parent: Some("sxb"),
        name: "浙江省建设投资集团有限公司",
        code: "91330000142925110M",
        tier: Tier::Second,
    },
    DemoUnit {
        key: "jg",
        parent: Some("jt"),
        name: "浙江省建工集团有限责任公司",
        code: "91330000142937230K",
        tier: Tier::Third,
    },
    DemoUnit {
        key: "ej",
        parent: Some("jt"),
        name: "浙江省二建建设集团有限公司",
        code: "91330000142920540B",
        tier: Tier::Third,
    },
    DemoUnit {
        key: "sjy",
        parent: Some("sxb"),
        name: "浙江省建筑设计研究院",
        code: "123300004700051302",
        tier: Tier::Second,
    },
];

/// (username, display name, role, unit key)
const ADMINS: &[(&str, &str, Role, Option<&str>)] = &[
    ("sysadmin", "系统管理员", Role::Sysadmin, None),
    ("sxb_admin", "省学时办审核员", Role::Province, Some("sxb")),
    (
        "jt_admin",
        "建设投资集团管理员",
        Role::UnitAdmin,
        Some("jt"),
    ),
    (
        "sjy_admin",
        "设计研究院管理员",
        Role::UnitAdmin,
        Some("sjy"),
    ),
    ("jg_admin", "建工集团管理员", Role::UnitAdmin, Some("jg")),
    ("ej_admin", "二建集团管理员", Role::UnitAdmin, Some("ej")),
    ("px_org", "设计研究院培训部", Role::Organiser, Some("sjy")),
];

/// (身份证号, 姓名, 手机号, unit key) — IDs pass GB 11643; each person can log in by ID.
const PERSONS: &[(&str, &str, &str, &str)] = &[
    ("330106198503151238", "张伟", "13800001001", "jg"),
    ("330102199007084522", "李娜", "13800001002", "ej"),
    ("330105199202140015", "陈杰", "13800001003", "jt"),
    ("330382198811223624", "王芳", "13800001004", "sjy"),
    ("330621198709305715", "刘洋", "13800001005", "sjy"),
];

/// Seeds when no account exists yet. Returns whether anything was created.
pub async fn seed_if_empty(db: &DatabaseConnection) -> anyhow::Result<bool> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let hash = password::hash(DEMO_PASSWORD)?;
    let txn = db.begin().await?;
    let now = Utc::now();
    let mut units: Vec<(&str, unit::Model)> = Vec::new();
    for u in UNITS {
        let parent = u
            .parent
            .and_then(|p| units.iter().find(|(k, _)| *k == p).map(|(_, m)| m));
        let id = Uuid::now_v7();
        let model = unit::ActiveModel {
            id: Set(id),
            name: Set(u.name.into()),
            code: Set(u.code.into()),
            tier: Set(u.tier),
            parent_id: Set(parent.map(|p| p.id)),
            path: Set(unit::path_of(parent.map(|p| p.path.as_str()), id)),
            address: Set(Some("浙江省杭州市".into())),
            contact_name: Set(None),
            contact_phone: Set(None),
            second_confirms: Set(true),
            active: Set(true),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        units.push((u.key, model));
    }
    let unit_id = |key: &str| units.iter().find(|(k, _)| *k == key).map(|(_, m)| m.id);

    for (username, display, role, unit_key) in ADMINS {
        let user_id = insert_user(&txn, username, display, &hash, None).await?;
        bind(&txn, user_id, *role, unit_key.and_then(unit_id)).await?;
    }
    for (id_number, name, phone, unit_key) in PERSONS {
        let id = IdNumber::parse(id_number).map_err(|e| anyhow::anyhow!(e.message()))?;
        let person_id = Uuid::now_v7();
        person::ActiveModel {
            id: Set(person_id),
            id_number: Set(id.as_str().into()),
            name: Set((*name).into()),
            gender: Set(id.gender().code().into()),
            birth_date: Set(id.birth_date()),
            phone: Set(Some((*phone).into())),
            unit_id: Set(unit_id(unit_key)),
            is_provincial: Set(true),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let user_id = insert_user(
            &txn,
            &id.as_str().to_lowercase(),
            name,
            &hash,
            Some(person_id),
        )
        .await?;
        bind(&txn, user_id, Role::Person, unit_id(unit_key)).await?;
    }
    Audit::new("demo.seeded", "system").save(&txn).await?;
    txn.commit().await?;
    Ok(true)
}

/// The demo logins, for the start-up banner.
pub fn logins() -> Vec<(String, &'static str)> {
    ADMINS
        .iter()
        .map(|(u, d, _, _)| (u.to_string(), *d))
        .chain(
            PERSONS
                .iter()
                .map(|(id, name, _, _)| (id.to_string(), *name)),
        )
        .collect()
}
