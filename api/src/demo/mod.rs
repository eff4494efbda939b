//! Demo data for an empty database: the unit tree, an admin at each level, a few persons.
//! Every demo login uses [`DEMO_PASSWORD`]; README lists them.

mod claims;
mod classes;
mod sync;

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

struct DemoPerson {
    id_number: &'static str,
    name: &'static str,
    phone: &'static str,
    unit: &'static str,
    title: (&'static str, &'static str, &'static str),
    /// 刘洋 has registered but his unit has not confirmed him yet.
    confirmed: bool,
}

/// IDs pass GB 11643; each person can log in by ID number or phone.
const PERSONS: &[DemoPerson] = &[
    DemoPerson {
        id_number: "330106198503151238",
        name: "张伟",
        phone: "13800001001",
        unit: "jg",
        title: ("工程技术人员", "FG", "高级工程师"),
        confirmed: true,
    },
    DemoPerson {
        id_number: "330102199007084522",
        name: "李娜",
        phone: "13800001002",
        unit: "ej",
        title: ("工程技术人员", "ZJ", "工程师"),
        confirmed: true,
    },
    DemoPerson {
        id_number: "330105199202140015",
        name: "陈杰",
        phone: "13800001003",
        unit: "jt",
        title: ("经济专业人员", "ZJ", "经济师"),
        confirmed: true,
    },
    DemoPerson {
        id_number: "330382198811223624",
        name: "王芳",
        phone: "13800001004",
        unit: "sjy",
        title: ("工程技术人员", "ZG", "正高级工程师"),
        confirmed: true,
    },
    DemoPerson {
        id_number: "330621198709305715",
        name: "刘洋",
        phone: "13800001005",
        unit: "sjy",
        title: ("工程技术人员", "ZL", "助理工程师"),
        confirmed: false,
    },
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
            code_override_reason: Set(None),
            address: Set(Some("浙江省杭州市".into())),
            contact_name: Set(None),
            contact_phone: Set(None),
            second_confirms: Set(true),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
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
    for p in PERSONS {
        let id = IdNumber::parse(p.id_number).map_err(|e| anyhow::anyhow!(e.message()))?;
        let person_id = Uuid::now_v7();
        person::ActiveModel {
            id: Set(person_id),
            id_number: Set(id.as_str().into()),
            name: Set(p.name.into()),
            gender: Set(id.gender().code().into()),
            birth_date: Set(id.birth_date()),
            phone: Set(Some(p.phone.into())),
            unit_id: Set(unit_id(p.unit)),
            title_series: Set(Some(p.title.0.into())),
            title_level: Set(Some(p.title.1.into())),
            title_name: Set(Some(p.title.2.into())),
            is_provincial: Set(true),
            affiliation: Set(if p.confirmed {
                person::CONFIRMED
            } else {
                person::PENDING
            }
            .into()),
            confirmed_at: Set(p.confirmed.then_some(now)),
            confirmed_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let username = id.as_str().to_lowercase();
        let user_id = insert_user(&txn, &username, p.name, &hash, Some(person_id)).await?;
        bind(&txn, user_id, Role::Person, unit_id(p.unit)).await?;
    }
    Audit::new("demo.seeded", "system").save(&txn).await?;
    txn.commit().await?;
    Ok(true)
}

/// Demo claims with their images, demo classes and a sync platform, once the persons exist.
pub async fn seed_claims(
    db: &DatabaseConnection,
    storage: &dyn crate::storage::Storage,
) -> anyhow::Result<()> {
    claims::seed(db, storage).await?;
    classes::seed(db).await?;
    sync::seed(db).await
}

/// The demo logins, for the start-up banner.
pub fn logins() -> Vec<(String, &'static str)> {
    ADMINS
        .iter()
        .map(|(u, d, _, _)| (u.to_string(), *d))
        .chain(PERSONS.iter().map(|p| (p.id_number.to_string(), p.name)))
        .collect()
}
