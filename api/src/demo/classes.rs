//! Demo classes of 设计研究院培训部 (px_org), so 培训班 is not empty at first look: one
//! approved class that ended two days ago (its roster can be uploaded now) and one
//! application awaiting 省学时办. Neither has attendees, so no demo person's hours change.

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::{auth::entities::user, calendar::today, classes::entity::class, orgs::unit};

pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<()> {
    let org = user::Entity::find()
        .filter(user::Column::Username.eq("px_org"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo organiser missing"))?;
    let u = unit::Entity::find()
        .filter(unit::Column::Code.eq("123300004700051302"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo unit missing"))?;
    let now = Utc::now();
    for (name, start, approved) in [
        (
            "装配式建筑设计新技术培训班",
            today() - Duration::days(3),
            true,
        ),
        (
            "建筑信息模型（BIM）技术应用培训班",
            today() + Duration::days(20),
            false,
        ),
    ] {
        class::ActiveModel {
            id: Set(Uuid::now_v7()),
            organiser_unit_id: Set(u.id),
            unit_path: Set(u.path.clone()),
            created_by: Set(org.id),
            unit_name: Set(u.name.clone()),
            org_code: Set(u.code.clone()),
            address: Set("杭州市安吉路 18 号".into()),
            contact_person: Set("周敏".into()),
            contact_phone: Set("0571-87654321".into()),
            name: Set(name.into()),
            location: Set("杭州市西湖区文三路 90 号".into()),
            content: Set("规范解读、设计方法与典型工程案例分析。".into()),
            start_date: Set(start),
            end_date: Set(start + Duration::days(1)),
            days: Set(2),
            hours_per_day: Set(80),
            total_hours: Set(160),
            planned_headcount: Set(60),
            plan_kind: Set(class::ANNUAL_PLAN.into()),
            plan_ref: Set(Some("年度建设教育培训指导性计划".into())),
            req_professional: Set(120),
            req_industry_public: Set(40),
            req_general_public: Set(0),
            state: Set(if approved {
                class::APPROVED
            } else {
                class::SUBMITTED
            }
            .into()),
            opinion: Set(approved.then(|| "同意按 16 学时认定".to_owned())),
            reviewed_by: Set(None),
            reviewer_name: Set(approved.then(|| "省学时办审核员".to_owned())),
            decided_at: Set(approved.then_some(now)),
            appr_professional: Set(approved.then_some(120)),
            appr_industry_public: Set(approved.then_some(40)),
            appr_general_public: Set(approved.then_some(0)),
            posted_count: Set(0),
            posted_at: Set(None),
            submitted_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
