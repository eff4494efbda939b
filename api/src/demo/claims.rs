//! Demo claims, so the first look at 我的申报 and 申报查询 is not empty: 张伟 has a submitted
//! conference claim with two images and a draft, 陈杰 a submitted exam claim, and 王芳 90
//! hours that passed 复审 (so 我的学时 shows a year met and the certificate can be printed).
//! The images are drawn here (a page of "text" lines) and go through the same checks as any
//! upload.

use ::image::{ImageEncoder, Rgb, RgbImage, codecs::jpeg::JpegEncoder};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::{
    auth::{Role, entities::user},
    calendar::today,
    claims::{
        claim::{self, State},
        entities::event,
        evidence, image as checks,
        service::normalise_title,
    },
    people::person,
    rules::service::in_force,
    storage::Storage,
};

struct DemoClaim {
    person: &'static str,
    code: &'static str,
    title: &'static str,
    organiser: &'static str,
    /// Days before today of the start and the end (equal for single-date pathways).
    days_ago: (i64, i64),
    level: Option<&'static str>,
    hours: i32,
    description: &'static str,
    /// Checklist items, one drawn image each.
    images: &'static [&'static str],
    submitted: bool,
    /// Recognised by the unit and passed 复审 (D4: counted).
    confirmed: bool,
}

const CLAIMS: &[DemoClaim] = &[
    DemoClaim {
        person: "330106198503151238",
        code: "P4",
        title: "2026 年全国建筑工业化学术年会",
        organiser: "中国建筑学会",
        days_ago: (46, 45),
        level: Some("国家级"),
        hours: 100,
        description: "参加年会两天，听取装配式建筑与智能建造主题报告",
        images: &["会议通知或邀请函", "参会证明"],
        submitted: true,
        confirmed: false,
    },
    DemoClaim {
        person: "330106198503151238",
        code: "P2",
        title: "装配式建筑施工技术培训",
        organiser: "浙江省建设投资集团有限公司",
        days_ago: (21, 20),
        level: None,
        hours: 160,
        description: "集团组织的两天面授培训",
        images: &[],
        submitted: false,
        confirmed: false,
    },
    DemoClaim {
        person: "330105199202140015",
        code: "P13",
        title: "一级建造师（建筑工程）资格考试",
        organiser: "浙江省人事考试院",
        days_ago: (60, 60),
        level: None,
        hours: 400,
        description: "通过一级建造师全部科目考试",
        images: &["成绩通知单或资格证书"],
        submitted: true,
        confirmed: false,
    },
    DemoClaim {
        person: "330382198811223624",
        code: "P13",
        title: "注册建筑师资格考试",
        organiser: "浙江省人事考试院",
        days_ago: (90, 90),
        level: None,
        hours: 400,
        description: "通过一级注册建筑师全部科目考试",
        images: &["成绩通知单或资格证书"],
        submitted: true,
        confirmed: true,
    },
    DemoClaim {
        person: "330382198811223624",
        code: "P2",
        title: "超高层建筑结构设计高级研修班",
        organiser: "浙江省建筑设计研究院",
        days_ago: (74, 70),
        level: None,
        hours: 400,
        description: "五天脱产研修，结业考核合格",
        images: &["结业证书或培训证明", "培训通知或课程表"],
        submitted: true,
        confirmed: true,
    },
    DemoClaim {
        person: "330382198811223624",
        code: "P4",
        title: "第十届全国建筑结构技术交流会",
        organiser: "中国建筑学会",
        days_ago: (31, 30),
        level: Some("国家级"),
        hours: 100,
        description: "参加交流会两天",
        images: &["会议通知或邀请函", "参会证明"],
        submitted: true,
        confirmed: true,
    },
];

/// A demo admin's account id and role, for the review events of confirmed claims.
async fn reviewer(db: &DatabaseConnection, username: &str) -> anyhow::Result<Uuid> {
    Ok(user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {username} missing"))?
        .id)
}

pub async fn seed(db: &DatabaseConnection, storage: &dyn Storage) -> anyhow::Result<()> {
    for (n, d) in CLAIMS.iter().enumerate() {
        let p = person::Entity::find()
            .filter(person::Column::IdNumber.eq(d.person))
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo person {} missing", d.person))?;
        let u = crate::orgs::unit::Entity::find_by_id(p.unit_id.unwrap_or_default())
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo unit missing"))?;
        let who = user::Entity::find()
            .filter(user::Column::PersonId.eq(p.id))
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo account missing"))?;
        let end = today() - Duration::days(d.days_ago.1);
        let rule = in_force(db, d.code, end)
            .await?
            .ok_or_else(|| anyhow::anyhow!("rule {} missing", d.code))?;
        let start = (rule.date_kind == crate::rules::rule::DateKind::Period)
            .then(|| today() - Duration::days(d.days_ago.0));
        let now = Utc::now();
        let state = match (d.submitted, d.confirmed) {
            (_, true) => State::ProvinceConfirmed,
            (true, false) => State::Submitted,
            (false, false) => State::Draft,
        };
        let chain = if d.submitted {
            Some(crate::claims::chain::Chain(
                crate::claims::chain::for_unit(db, &u).await?,
            ))
        } else {
            None
        };
        let c = claim::ActiveModel {
            id: Set(Uuid::now_v7()),
            person_id: Set(p.id),
            unit_id: Set(u.id),
            unit_path: Set(u.path.clone()),
            year: Set(chrono::Datelike::year(&end)),
            pathway_code: Set(rule.code.clone()),
            rule_id: Set(rule.id),
            category: Set(rule.category),
            title: Set(d.title.into()),
            activity_key: Set(Some(format!(
                "{}|{end}|{}",
                rule.code,
                normalise_title(d.title)
            ))),
            organiser: Set(Some(d.organiser.into())),
            start_date: Set(start),
            end_date: Set(end),
            actual_hours: Set(None),
            characters: Set(None),
            level: Set(d.level.map(Into::into)),
            rank: Set(d.level.map(|_| 1)),
            claimed_hours: Set(d.hours),
            recognised_hours: Set(d.confirmed.then_some(d.hours)),
            description: Set(d.description.into()),
            evidence_note: Set((!d.images.is_empty()).then(|| "证明材料照片".to_owned())),
            declared: Set(d.submitted),
            state: Set(state),
            flagged: Set(false),
            conflict_class_id: Set(None),
            // A confirmed claim has passed every step and awaits nobody.
            step_index: Set(chain.as_ref().map(|c| {
                if d.confirmed {
                    i32::try_from(c.0.len()).unwrap_or(0)
                } else {
                    0
                }
            })),
            awaiting_unit_id: Set(chain
                .as_ref()
                .filter(|_| !d.confirmed)
                .and_then(|c| c.0.first())
                .map(|s| s.unit_id)),
            awaiting_since: Set(chain.as_ref().filter(|_| !d.confirmed).map(|_| now)),
            chain: Set(chain),
            lock_version: Set(1),
            submitted_at: Set(d.submitted.then_some(now)),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await?;
        for (i, kind) in d.images.iter().enumerate() {
            let seed = u32::try_from(n * 10 + i).unwrap_or(0);
            let img = checks::inspect(&page(seed)?, &checks::Limits::default())
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            let stored = evidence::store(storage, &img).await?;
            evidence::new_row(&c, Some((*kind).into()), &img, &stored, who.id)
                .insert(db)
                .await?;
        }
        let mut steps: Vec<(&str, Option<State>, State, Uuid, Role)> =
            vec![("created", None, State::Draft, who.id, Role::Person)];
        if d.submitted {
            steps.push((
                "submitted",
                Some(State::Draft),
                State::Submitted,
                who.id,
                Role::Person,
            ));
        }
        if d.confirmed {
            // 王芳's unit is 二级: it recognises, then 省学时办 复审.
            steps.push((
                "recognised",
                Some(State::Submitted),
                State::UnitRecognised,
                reviewer(db, "sjy_admin").await?,
                Role::UnitAdmin,
            ));
            steps.push((
                "confirmed",
                Some(State::UnitRecognised),
                State::ProvinceConfirmed,
                reviewer(db, "sxb_admin").await?,
                Role::Province,
            ));
        }
        for (action, from, to, actor, role) in steps {
            // A submission keeps what was submitted, so a later resubmission shows its diff.
            let snapshot = match action {
                "submitted" => Some(crate::claims::service::snapshot(db, &c).await?),
                _ => None,
            };
            event::ActiveModel {
                id: Set(Uuid::now_v7()),
                claim_id: Set(c.id),
                actor_id: Set(actor),
                actor_role: Set(role),
                action: Set(action.into()),
                from_state: Set(from),
                to_state: Set(to),
                hours: Set(Some(d.hours)),
                reason: Set(None),
                snapshot: Set(snapshot),
                at: Set(now),
            }
            .insert(db)
            .await?;
        }
        crate::standing::refresh(db, p.id, c.year).await?;
    }
    Ok(())
}

/// A photographed page: paper, a heading, lines of "text" of varying length, a red stamp.
fn page(seed: u32) -> anyhow::Result<Vec<u8>> {
    let (w, h) = (600u32, 800u32);
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(7);
    let mut next = move || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        state >> 16
    };
    let line_ends: Vec<u32> = (0..40).map(|_| 150 + next() % 350).collect();
    let img = RgbImage::from_fn(w, h, |x, y| {
        let paper = Rgb([246, 244, 236]);
        let ink = Rgb([40, 40, 48]);
        let (cx, cy) = (460i64, 660i64);
        let r2 = (i64::from(x) - cx).pow(2) + (i64::from(y) - cy).pow(2);
        if (60 * 60..72 * 72).contains(&r2) {
            return Rgb([200, 30, 30]);
        }
        if (80..106).contains(&y) && (170..430).contains(&x) {
            return ink;
        }
        let row = y.saturating_sub(150) / 16;
        let in_line = y >= 150 && (y - 150) % 16 < 7 && row < 36;
        if in_line && x >= 70 && x < line_ends[row as usize] + 70 && (x / 9) % 5 != 4 {
            ink
        } else {
            paper
        }
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 85).write_image(
        img.as_raw(),
        w,
        h,
        ::image::ExtendedColorType::Rgb8,
    )?;
    Ok(out)
}
