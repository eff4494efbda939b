//! Pathway rules (dated versions, seeded with the §2.3 catalogue marked 待核定), yearly
//! thresholds, hour claims, their image evidence, evidence matches and the claim history.

use sea_orm_migration::{prelude::*, schema::*};
use serde_json::json;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PathwayRules::Table)
                .col(pk_uuid(PathwayRules::Id))
                .col(string_len(PathwayRules::Code, 8))
                .col(integer(PathwayRules::Version))
                .col(date(PathwayRules::EffectiveFrom))
                .col(string_len(PathwayRules::Name, 64))
                .col(string_len(PathwayRules::Category, 24))
                .col(string_len(PathwayRules::Formula, 16))
                .col(integer_null(PathwayRules::Amount))
                .col(integer_null(PathwayRules::Factor))
                .col(json_null(PathwayRules::Levels))
                .col(integer_null(PathwayRules::PerItemCap))
                .col(integer_null(PathwayRules::PerYearCap))
                .col(string_len(PathwayRules::DateKind, 8))
                .col(json(PathwayRules::Evidence))
                .col(boolean(PathwayRules::ProofRequired))
                .col(boolean(PathwayRules::Claimable))
                .col(boolean(PathwayRules::Enabled))
                .col(boolean(PathwayRules::PendingConfirmation))
                .col(text_null(PathwayRules::Note))
                .col(uuid_null(PathwayRules::CreatedBy))
                .col(timestamp_with_time_zone(PathwayRules::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_pathway_rules_version")
                .table(PathwayRules::Table)
                .col(PathwayRules::Code)
                .col(PathwayRules::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        seed_catalogue(m).await?;

        m.create_table(
            Table::create()
                .table(YearSettings::Table)
                .col(integer(YearSettings::Year).primary_key())
                .col(integer(YearSettings::TotalMin))
                .col(integer(YearSettings::ProfessionalMin))
                .col(integer(YearSettings::PublicMin))
                .col(integer(YearSettings::IndustryPublicMin))
                .col(boolean(YearSettings::RequireCategoryMinima))
                .col(date(YearSettings::ClaimDeadline))
                .col(uuid_null(YearSettings::UpdatedBy))
                .col(timestamp_with_time_zone(YearSettings::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Claims::Table)
                .col(pk_uuid(Claims::Id))
                .col(uuid(Claims::PersonId))
                .col(uuid(Claims::UnitId))
                .col(string_len(Claims::UnitPath, 255))
                .col(integer(Claims::Year))
                .col(string_len(Claims::PathwayCode, 8))
                .col(uuid(Claims::RuleId))
                .col(string_len(Claims::Category, 24))
                .col(string_len(Claims::Title, 200))
                .col(string_len_null(Claims::ActivityKey, 300))
                .col(string_len_null(Claims::Organiser, 200))
                .col(date_null(Claims::StartDate))
                .col(date(Claims::EndDate))
                .col(integer_null(Claims::ActualHours))
                .col(integer_null(Claims::Characters))
                .col(string_len_null(Claims::Level, 64))
                .col(integer_null(Claims::Rank))
                .col(integer(Claims::ClaimedHours))
                .col(integer_null(Claims::RecognisedHours))
                .col(text(Claims::Description))
                .col(text_null(Claims::EvidenceNote))
                .col(boolean(Claims::Declared))
                .col(string_len(Claims::State, 24))
                .col(boolean(Claims::Flagged).default(false))
                .col(integer(Claims::LockVersion))
                .col(timestamp_with_time_zone_null(Claims::SubmittedAt))
                .col(timestamp_with_time_zone(Claims::CreatedAt))
                .col(timestamp_with_time_zone(Claims::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Claims::Table, Claims::PersonId)
                        .to(Persons::Table, Persons::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Claims::Table, Claims::UnitId)
                        .to(Units::Table, Units::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Claims::Table, Claims::RuleId)
                        .to(PathwayRules::Table, PathwayRules::Id),
                )
                .to_owned(),
        )
        .await?;
        // One live claim per activity and person; NULL (withdrawn, rejected) never collides.
        m.create_index(
            Index::create()
                .name("uq_claims_activity")
                .table(Claims::Table)
                .col(Claims::PersonId)
                .col(Claims::ActivityKey)
                .unique()
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == sea_orm::DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    r#"ALTER TABLE claims ALTER COLUMN unit_path TYPE varchar(255) COLLATE "C""#,
                )
                .await?;
        }
        index(m, "idx_claims_unit_path", Claims::Table, Claims::UnitPath).await?;
        m.create_index(
            Index::create()
                .name("idx_claims_person_year")
                .table(Claims::Table)
                .col(Claims::PersonId)
                .col(Claims::Year)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ClaimAttachments::Table)
                .col(pk_uuid(ClaimAttachments::Id))
                .col(uuid(ClaimAttachments::ClaimId))
                .col(uuid(ClaimAttachments::PersonId))
                .col(string_len_null(ClaimAttachments::Kind, 64))
                .col(string_len(ClaimAttachments::ObjectKey, 200))
                .col(string_len(ClaimAttachments::ThumbKey, 200))
                .col(string_len(ClaimAttachments::ContentType, 32))
                .col(big_integer(ClaimAttachments::Size))
                .col(integer(ClaimAttachments::Width))
                .col(integer(ClaimAttachments::Height))
                .col(string_len(ClaimAttachments::Sha256, 64))
                .col(string_len(ClaimAttachments::CleanSha256, 64))
                .col(big_integer(ClaimAttachments::Phash))
                .col(integer(ClaimAttachments::Band0))
                .col(integer(ClaimAttachments::Band1))
                .col(integer(ClaimAttachments::Band2))
                .col(integer(ClaimAttachments::Band3))
                .col(uuid(ClaimAttachments::UploadedBy))
                .col(timestamp_with_time_zone(ClaimAttachments::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ClaimAttachments::Table, ClaimAttachments::ClaimId)
                        .to(Claims::Table, Claims::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_attachments_claim",
            ClaimAttachments::Table,
            ClaimAttachments::ClaimId,
        )
        .await?;
        index(
            m,
            "idx_attachments_sha256",
            ClaimAttachments::Table,
            ClaimAttachments::Sha256,
        )
        .await?;
        // Near-duplicate lookup: two hashes within Hamming distance 3 share a 16-bit band.
        for (name, col) in [
            ("idx_attachments_band0", ClaimAttachments::Band0),
            ("idx_attachments_band1", ClaimAttachments::Band1),
            ("idx_attachments_band2", ClaimAttachments::Band2),
            ("idx_attachments_band3", ClaimAttachments::Band3),
        ] {
            index(m, name, ClaimAttachments::Table, col).await?;
        }

        m.create_table(
            Table::create()
                .table(EvidenceMatches::Table)
                .col(pk_uuid(EvidenceMatches::Id))
                .col(uuid(EvidenceMatches::AttachmentId))
                .col(uuid(EvidenceMatches::ClaimId))
                .col(uuid(EvidenceMatches::OtherAttachmentId))
                .col(uuid(EvidenceMatches::OtherClaimId))
                .col(string_len(EvidenceMatches::Method, 16))
                .col(integer(EvidenceMatches::Distance))
                .col(timestamp_with_time_zone(EvidenceMatches::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_matches_claim",
            EvidenceMatches::Table,
            EvidenceMatches::ClaimId,
        )
        .await?;
        index(
            m,
            "idx_matches_other_claim",
            EvidenceMatches::Table,
            EvidenceMatches::OtherClaimId,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ClaimEvents::Table)
                .col(pk_uuid(ClaimEvents::Id))
                .col(uuid(ClaimEvents::ClaimId))
                .col(uuid(ClaimEvents::ActorId))
                .col(string_len(ClaimEvents::ActorRole, 16))
                .col(string_len(ClaimEvents::Action, 24))
                .col(string_len_null(ClaimEvents::FromState, 24))
                .col(string_len(ClaimEvents::ToState, 24))
                .col(integer_null(ClaimEvents::Hours))
                .col(text_null(ClaimEvents::Reason))
                .col(json_null(ClaimEvents::Snapshot))
                .col(timestamp_with_time_zone(ClaimEvents::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(ClaimEvents::Table, ClaimEvents::ClaimId)
                        .to(Claims::Table, Claims::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_claim_events_claim",
            ClaimEvents::Table,
            ClaimEvents::ClaimId,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ClaimEvents::Table.into_iden(),
            EvidenceMatches::Table.into_iden(),
            ClaimAttachments::Table.into_iden(),
            Claims::Table.into_iden(),
            YearSettings::Table.into_iden(),
            PathwayRules::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    col: impl IntoIden,
) -> Result<(), DbErr> {
    m.create_index(Index::create().name(name).table(table).col(col).to_owned())
        .await
}

/// A formula of the default catalogue, with its parameters in tenths of an hour.
enum F {
    Fixed(i32),
    PerDay(i32),
    PerHour(i32),
    Per10k(i32),
    Table(&'static [(&'static str, &'static [i32])]),
    Approved,
}

struct Seed {
    code: &'static str,
    name: &'static str,
    formula: F,
    per_item_cap: Option<i32>,
    per_year_cap: Option<i32>,
    /// `period` (start and end date) or `single` (publication, award or exam date).
    date_kind: &'static str,
    /// (item, required)
    evidence: &'static [(&'static str, bool)],
    claimable: bool,
    note: &'static str,
}

/// domain.md §2.3, candidate figures from comparable rules (sources in the note), every row
/// 待核定 until 浙建〔2017〕5号 第八条 is obtained. All feed 专业科目 (PR1).
const CATALOGUE: &[Seed] = &[
    Seed {
        code: "P1",
        name: "统一认定的培训班",
        formula: F::Approved,
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "period",
        evidence: &[],
        claimable: false,
        note: "学时以省学时办认定的培训班名单为准，个人无需申报",
    },
    Seed {
        code: "P2",
        name: "其他面授培训、研讨、进修",
        formula: F::PerDay(80),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "period",
        evidence: &[("结业证书或培训证明", true), ("培训通知或课程表", true)],
        claimable: true,
        note: "按实际天数，每天 8 学时（C-TZ、C-XZ）",
    },
    Seed {
        code: "P3",
        name: "网络教育系统在线学习",
        formula: F::Approved,
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "single",
        evidence: &[],
        claimable: false,
        note: "由网络教育系统自动同步，个人无需申报",
    },
    Seed {
        code: "P4",
        name: "参加学术会议、学术讲座",
        formula: F::Table(&[("国家级", &[100]), ("省级", &[80])]),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "period",
        evidence: &[
            ("会议通知或邀请函", true),
            ("参会证明", true),
            ("会议日程", false),
        ],
        claimable: true,
        note: "国家级 10 学时、省级 8 学时（C-TZ）",
    },
    Seed {
        code: "P4A",
        name: "学术会议宣读论文或作报告（加计）",
        formula: F::Table(&[
            ("国家级（2000 字以内）", &[200]),
            ("国家级（2000 字以上）", &[300]),
            ("省级（2000 字以内）", &[150]),
            ("省级（2000 字以上）", &[250]),
        ]),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "period",
        evidence: &[("会议论文集或日程（显示论文与报告人）", true)],
        claimable: true,
        note: "在 P4 基础上加计（C-TZ）",
    },
    Seed {
        code: "P5",
        name: "学历学位教育、课程进修",
        formula: F::Fixed(150),
        per_item_cap: None,
        per_year_cap: Some(720),
        date_kind: "single",
        evidence: &[("成绩单", true), ("学校出具的课程及成绩证明", false)],
        claimable: true,
        note: "每门合格课程 15 学时（C-REF、C-EN），每年最多 72 学时（S5）",
    },
    Seed {
        code: "P6",
        name: "发表论文",
        formula: F::Table(&[
            ("国家级及以上期刊", &[400, 200, 200]),
            ("省级期刊", &[200, 100, 100]),
        ]),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "single",
        evidence: &[
            ("期刊封面", true),
            ("目录页", true),
            ("论文正文页", true),
            ("版权页（ISSN/CN 号）", false),
        ],
        claimable: true,
        note: "第一或独立作者 40 学时、其他作者 20 学时（S5），仅认定前三名作者，增刊不计（C-REF）",
    },
    Seed {
        code: "P7",
        name: "出版著作、教材、译作",
        formula: F::Per10k(50),
        per_item_cap: Some(720),
        per_year_cap: None,
        date_kind: "single",
        evidence: &[
            ("封面", true),
            ("版权页（CIP/ISBN）", true),
            ("编写分工说明", false),
        ],
        claimable: true,
        note: "每万字 5 学时（C-EN），独著最多 72 学时（S5）",
    },
    Seed {
        code: "P8",
        name: "承担科研课题、项目",
        formula: F::Table(&[
            ("国家级主课题", &[640, 560, 480, 400, 320]),
            ("国家级子课题", &[480, 400, 320]),
            ("省部级主课题", &[560, 480, 400]),
            ("省部级子课题", &[400, 320, 240]),
        ]),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "period",
        evidence: &[
            ("立项书或任务书（含成员排名）", true),
            ("结题或验收证书", false),
        ],
        claimable: true,
        note: "按项目年度、成员排名认定（C-REF）",
    },
    Seed {
        code: "P9",
        name: "获得科技奖励",
        formula: F::Approved,
        per_item_cap: Some(900),
        per_year_cap: None,
        date_kind: "single",
        evidence: &[("获奖证书（显示排名）", true)],
        claimable: true,
        note: "国家级 > 省部级 > 市厅级，按排名递减；来源数值不可读，按核定",
    },
    Seed {
        code: "P10",
        name: "获得授权专利",
        formula: F::Fixed(200),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "single",
        evidence: &[("专利证书", true)],
        claimable: true,
        note: "每项授权专利 20 学时（C-MISC）",
    },
    Seed {
        code: "P11",
        name: "主编、参编标准规范图集",
        formula: F::Approved,
        per_item_cap: Some(900),
        per_year_cap: None,
        date_kind: "single",
        evidence: &[("发布公告", true), ("前言页（列明编制人员）", true)],
        claimable: true,
        note: "未找到可比数值，按级别与排名核定",
    },
    Seed {
        code: "P12",
        name: "授课、讲座",
        formula: F::PerHour(20),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "period",
        evidence: &[("邀请函或聘书", true), ("课程表", true)],
        claimable: true,
        note: "继续教育授课按实际课时 × 2（C-TZ）；学术报告可按 × 3 核定",
    },
    Seed {
        code: "P13",
        name: "通过职业资格、专业技术资格考试",
        formula: F::Fixed(400),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "single",
        evidence: &[("成绩通知单或资格证书", true)],
        claimable: true,
        note: "每项资格 40 学时（C-SQ）",
    },
    Seed {
        code: "P14",
        name: "访问学者、境外培训及学术活动",
        formula: F::PerDay(80),
        per_item_cap: Some(300),
        per_year_cap: None,
        date_kind: "period",
        evidence: &[("派出或邀请文件", true), ("出入境或日期证明", true)],
        claimable: true,
        note: "境外每天 8 学时，不含路途，每次最多 30 学时（C-TZ）",
    },
    Seed {
        code: "P15",
        name: "业务考察、专题调研",
        formula: F::PerDay(80),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "period",
        evidence: &[("调研报告", true), ("单位盖章意见", true)],
        claimable: true,
        note: "按实际天数，附单位盖章的报告（C-SQ）",
    },
    Seed {
        code: "P16",
        name: "继续教育实践活动（挂职、企业实践）",
        formula: F::Approved,
        per_item_cap: Some(900),
        per_year_cap: None,
        date_kind: "period",
        evidence: &[("单位证明", true)],
        claimable: true,
        note: "国家规定的继续教育方式之一，未找到可比数值，按核定",
    },
    Seed {
        code: "P17",
        name: "单位内部培训",
        formula: F::PerDay(80),
        per_item_cap: None,
        per_year_cap: None,
        date_kind: "period",
        evidence: &[("单位培训记录（通知、签到表）", true)],
        claimable: true,
        note: "每天 8 学时（C-TZ）",
    },
];

async fn seed_catalogue(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut insert = Query::insert();
    insert.into_table(PathwayRules::Table).columns([
        PathwayRules::Id,
        PathwayRules::Code,
        PathwayRules::Version,
        PathwayRules::EffectiveFrom,
        PathwayRules::Name,
        PathwayRules::Category,
        PathwayRules::Formula,
        PathwayRules::Amount,
        PathwayRules::Factor,
        PathwayRules::Levels,
        PathwayRules::PerItemCap,
        PathwayRules::PerYearCap,
        PathwayRules::DateKind,
        PathwayRules::Evidence,
        PathwayRules::ProofRequired,
        PathwayRules::Claimable,
        PathwayRules::Enabled,
        PathwayRules::PendingConfirmation,
        PathwayRules::Note,
        PathwayRules::CreatedAt,
    ]);
    let since = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).expect("valid date");
    let now = chrono::Utc::now();
    for s in CATALOGUE {
        let (formula, amount, factor, levels) = match s.formula {
            F::Fixed(a) => ("fixed", Some(a), None, None),
            F::PerDay(a) => ("per_day", Some(a), None, None),
            F::PerHour(f) => ("per_hour", None, Some(f), None),
            F::Per10k(a) => ("per_10k_chars", Some(a), None, None),
            F::Table(rows) => (
                "table",
                None,
                None,
                Some(json!(
                    rows.iter()
                        .map(|(name, values)| json!({ "name": name, "values": values }))
                        .collect::<Vec<_>>()
                )),
            ),
            F::Approved => ("approved", None, None, None),
        };
        let evidence = json!(
            s.evidence
                .iter()
                .map(|(name, required)| json!({ "name": name, "required": required }))
                .collect::<Vec<_>>()
        );
        insert.values_panic([
            uuid::Uuid::now_v7().into(),
            s.code.into(),
            1.into(),
            since.into(),
            s.name.into(),
            "professional".into(),
            formula.into(),
            amount.into(),
            factor.into(),
            levels.into(),
            s.per_item_cap.into(),
            s.per_year_cap.into(),
            s.date_kind.into(),
            evidence.into(),
            (!s.evidence.is_empty()).into(),
            s.claimable.into(),
            true.into(),
            true.into(),
            s.note.into(),
            now.into(),
        ]);
    }
    m.exec_stmt(insert).await
}

#[derive(DeriveIden)]
enum PathwayRules {
    Table,
    Id,
    Code,
    Version,
    EffectiveFrom,
    Name,
    Category,
    Formula,
    Amount,
    Factor,
    Levels,
    PerItemCap,
    PerYearCap,
    DateKind,
    Evidence,
    ProofRequired,
    Claimable,
    Enabled,
    PendingConfirmation,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum YearSettings {
    Table,
    Year,
    TotalMin,
    ProfessionalMin,
    PublicMin,
    IndustryPublicMin,
    RequireCategoryMinima,
    ClaimDeadline,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Claims {
    Table,
    Id,
    PersonId,
    UnitId,
    UnitPath,
    Year,
    PathwayCode,
    RuleId,
    Category,
    Title,
    ActivityKey,
    Organiser,
    StartDate,
    EndDate,
    ActualHours,
    Characters,
    Level,
    Rank,
    ClaimedHours,
    RecognisedHours,
    Description,
    EvidenceNote,
    Declared,
    State,
    Flagged,
    LockVersion,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ClaimAttachments {
    Table,
    Id,
    ClaimId,
    PersonId,
    Kind,
    ObjectKey,
    ThumbKey,
    ContentType,
    Size,
    Width,
    Height,
    Sha256,
    CleanSha256,
    Phash,
    Band0,
    Band1,
    Band2,
    Band3,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EvidenceMatches {
    Table,
    Id,
    AttachmentId,
    ClaimId,
    OtherAttachmentId,
    OtherClaimId,
    Method,
    Distance,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ClaimEvents {
    Table,
    Id,
    ClaimId,
    ActorId,
    ActorRole,
    Action,
    FromState,
    ToState,
    Hours,
    Reason,
    Snapshot,
    At,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}
