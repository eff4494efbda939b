//! A demo e-learning platform, so 网络学习 is not empty at first look: three courses of 刘洋
//! (设计研究院, awaiting his unit's confirmation, so no list or certificate of another demo
//! person changes) counted at once, and one completion of a person the system does not know,
//! parked in 省学时办's queue. The platform's key is made and forgotten: the system
//! administrator rotates it to hand one out.

use chrono::{DateTime, Datelike, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::{
    auth::entities::user,
    calendar,
    people::person,
    rules::rule::Category,
    standing,
    sync::{
        entity::{client, record},
        keys,
    },
};

const LIU_YANG: &str = "330621198709305715";
/// Valid, and nobody's in the demo data.
const STRANGER: &str = "33010219800101051X";

pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<()> {
    let admin = user::Entity::find()
        .filter(user::Column::Username.eq("sysadmin"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo sysadmin missing"))?;
    let liu = person::Entity::find()
        .filter(person::Column::IdNumber.eq(LIU_YANG))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo person 刘洋 missing"))?;
    let now = Utc::now();
    let platform = client::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set("浙江省住房和城乡建设行业专业技术人员网络教育系统".into()),
        note: Set(Some("演示数据：请轮换密钥后交给平台方".into())),
        created_by: Set(admin.id),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    let (_, key) = keys::generate(platform.id, admin.id);
    key.insert(db).await?;
    // This year's courses, finished in the past weeks (UTC+8 dates stay in the year).
    let today = calendar::today();
    let days_back = |d: i64| d.min(i64::from(today.ordinal0()));
    // (record id, person, name on the platform, course, category, tenths, days ago)
    type Course<'a> = (&'a str, Option<Uuid>, &'a str, &'a str, Category, i32, i64);
    let courses: [Course; 4] = [
        (
            "DEMO-0001",
            Some(liu.id),
            "刘洋",
            "建设工程质量安全法律法规解读",
            Category::IndustryPublic,
            45,
            40,
        ),
        (
            "DEMO-0002",
            Some(liu.id),
            "刘洋",
            "装配式混凝土结构设计要点",
            Category::Professional,
            60,
            25,
        ),
        (
            "DEMO-0003",
            Some(liu.id),
            "刘洋",
            "专业技术人员职业道德与诚信建设",
            Category::GeneralPublic,
            30,
            10,
        ),
        (
            "DEMO-0004",
            None,
            "孙晓东",
            "建筑节能设计标准宣贯",
            Category::Professional,
            40,
            5,
        ),
    ];
    for (ext, person_id, name, course, category, hours, back) in courses {
        let completed: DateTime<Utc> = (today - Duration::days(days_back(back)))
            .and_hms_opt(10, 0, 0)
            .unwrap_or_default()
            .and_local_timezone(calendar::zone())
            .single()
            .map_or(now, |t| t.with_timezone(&Utc));
        record::ActiveModel {
            id: Set(Uuid::now_v7()),
            client_id: Set(platform.id),
            external_id: Set(ext.into()),
            person_id: Set(person_id),
            id_number: Set(if person_id.is_some() {
                LIU_YANG
            } else {
                STRANGER
            }
            .into()),
            name: Set(name.into()),
            course_id: Set(format!("C-{ext}")),
            course_name: Set(course.into()),
            category: Set(category),
            hours: Set(hours),
            completed_at: Set(completed),
            year: Set(today.year()),
            revision: Set(1),
            state: Set(if person_id.is_some() {
                record::SYNCED
            } else {
                record::UNMATCHED
            }
            .into()),
            reason_code: Set(person_id.is_none().then(|| record::PERSON_UNKNOWN.into())),
            note: Set(None),
            decided_by: Set(None),
            decider_name: Set(None),
            decided_at: Set(None),
            version: Set(1),
            call_id: Set(Uuid::nil()),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    standing::service::refresh(db, liu.id, today.year()).await?;
    Ok(())
}
