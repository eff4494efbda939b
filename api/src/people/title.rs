//! The title dictionary (职称专业系列 × 职称级别 → 职称), edited by the system administrator.

use sea_orm::entity::prelude::*;

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
