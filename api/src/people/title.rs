//! The title dictionary (职称专业系列 × 职称级别 → 职称), edited by the system administrator.

use sea_orm::{QueryFilter, entity::prelude::*};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "titles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub series: String,
    /// ZG 正高级, FG 副高级, ZJ 中级, ZL 助理级, YJ 员级.
    pub level: String,
    pub name: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const LEVELS: [(&str, &str); 5] = [
    ("ZG", "正高级"),
    ("FG", "副高级"),
    ("ZJ", "中级"),
    ("ZL", "助理级"),
    ("YJ", "员级"),
];

/// The level code of a Chinese level name or a code, e.g. `副高级` or `fg` → `FG`.
pub fn level_code(text: &str) -> Option<&'static str> {
    let t = text.trim();
    LEVELS
        .iter()
        .find(|(code, name)| code.eq_ignore_ascii_case(t) || *name == t)
        .map(|(code, _)| *code)
}

pub fn level_name(code: &str) -> Option<&'static str> {
    LEVELS.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// Older title names still found in rosters (人社部发〔2019〕16号 renamed them).
pub fn canonical_name(name: &str) -> &str {
    match name.trim() {
        "教授级高级工程师" | "研究员级高级工程师" => "正高级工程师",
        other => other,
    }
}

/// The active dictionary, loaded once per request or import, to check a person's title.
pub struct TitleBook(Vec<Model>);

/// A checked title: all three parts, or none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckedTitle {
    pub series: Option<String>,
    pub level: Option<String>,
    pub name: Option<String>,
}

impl TitleBook {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Self(
            Entity::find()
                .filter(Column::Active.eq(true))
                .all(db)
                .await?,
        ))
    }

    /// Checks that the title belongs to the series and the level; blank parts mean "no
    /// title". Returns the field and the Chinese message of the first problem.
    pub fn check(
        &self,
        series: Option<&str>,
        level: Option<&str>,
        name: Option<&str>,
    ) -> Result<CheckedTitle, (&'static str, String)> {
        fn clean(s: Option<&str>) -> Option<&str> {
            s.map(|v| v.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
                .filter(|v| !v.is_empty())
        }
        let (series, level, name) = (clean(series), clean(level), clean(name));
        if series.is_none() && level.is_none() && name.is_none() {
            return Ok(CheckedTitle::default());
        }
        let series = series.ok_or(("title_series", "请选择职称专业系列".to_owned()))?;
        if !self.0.iter().any(|t| t.series == series) {
            return Err(("title_series", format!("职称专业系列“{series}”不在字典中")));
        }
        let level_text = level.ok_or(("title_level", "请选择职称级别".to_owned()))?;
        let level = level_code(level_text).ok_or((
            "title_level",
            format!("职称级别“{level_text}”无效，应为正高级、副高级、中级、助理级或员级"),
        ))?;
        let name = canonical_name(name.ok_or(("title_name", "请选择职称".to_owned()))?);
        if !self
            .0
            .iter()
            .any(|t| t.series == series && t.level == level && t.name == name)
        {
            return Err((
                "title_name",
                format!(
                    "职称“{name}”不属于{series}的{}",
                    level_name(level).unwrap_or(level)
                ),
            ));
        }
        Ok(CheckedTitle {
            series: Some(series.to_owned()),
            level: Some(level.to_owned()),
            name: Some(name.to_owned()),
        })
    }
}
