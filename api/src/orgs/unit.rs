//! The unit (单位) entity: 省学时办 at the root, 二级 units, their 三级 subsidiaries.

use sea_orm::{Condition, entity::prelude::*};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 省学时办, the root.
    #[sea_orm(string_value = "province")]
    Province,
    /// 二级: a 省属单位 registered directly with 省学时办.
    #[sea_orm(string_value = "second")]
    Second,
    /// 三级: a subsidiary of a 二级 group.
    #[sea_orm(string_value = "third")]
    Third,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// 统一社会信用代码 (18) or legacy 组织机构代码 (9), upper case, no hyphen.
    #[sea_orm(unique)]
    pub code: String,
    pub tier: Tier,
    pub parent_id: Option<Uuid>,
    /// Materialized path of ids from the root, e.g. `/<root>/<second>/<self>/`;
    /// a subtree is `path LIKE '<prefix>%'` on an indexed column.
    pub path: String,
    /// Why 省学时办 accepted a 统一社会信用代码 that fails its checksum (pilot-era codes).
    pub code_override_reason: Option<String>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// Whether this 二级 unit confirms (报送) its 三级 units' recognitions.
    pub second_confirms: bool,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The path of a unit: its parent's path plus its own id and a `/`.
pub fn path_of(parent_path: Option<&str>, id: Uuid) -> String {
    format!("{}{}/", parent_path.unwrap_or("/"), id.simple())
}

/// The exclusive upper bound of the subtree under `path`: the trailing `/` bumped to `0`
/// (the next byte), so `path <= p < upper` is a plain index range on both databases.
pub fn subtree_upper(path: &str) -> String {
    let mut upper = path.trim_end_matches('/').to_owned();
    upper.push('0');
    upper
}

/// `col` (a unit path) lies in the subtree under `path`, the unit itself included: an index
/// range on both databases.
pub fn in_subtree<C: ColumnTrait>(col: C, path: &str) -> Condition {
    Condition::all()
        .add(col.gte(path))
        .add(col.lt(subtree_upper(path)))
}
