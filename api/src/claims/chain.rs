//! The review chain (D6): from the claimant's unit upward, a 三级 unit's admin recognises, its
//! 二级 parent confirms (报送) unless that unit switched the step off, and 省学时办 re-reviews
//! (复审). A unit without an admin of its own is skipped; when no unit below the province has
//! one, 省学时办 alone decides. Fixed at submission, so a later change to the tree or to the
//! admins does not reroute claims already under way.

use std::collections::HashSet;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromJsonQueryResult, QueryFilter, QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    auth::{
        Role,
        entities::{role_binding, user},
    },
    error::AppResult,
    orgs::{Tier, unit},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// 单位认定 (a 三级 unit, or a 二级 unit for its own staff).
    Recognise,
    /// 二级单位确认报送.
    Confirm,
    /// 省学时办复审.
    ProvinceReview,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChainStep {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub kind: StepKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Chain(pub Vec<ChainStep>);

/// The steps for a claimant whose unit and its ancestors are `leaf_to_root`.
pub fn plan(leaf_to_root: &[unit::Model], has_admin: &HashSet<Uuid>) -> Vec<ChainStep> {
    let mut steps = Vec::new();
    for u in leaf_to_root {
        let step = |kind| ChainStep {
            unit_id: u.id,
            unit_name: u.name.clone(),
            kind,
        };
        match u.tier {
            Tier::Third if has_admin.contains(&u.id) => steps.push(step(StepKind::Recognise)),
            Tier::Second if has_admin.contains(&u.id) => {
                if steps.is_empty() {
                    steps.push(step(StepKind::Recognise));
                } else if u.second_confirms {
                    steps.push(step(StepKind::Confirm));
                }
            }
            Tier::Province => steps.push(step(StepKind::ProvinceReview)),
            _ => {}
        }
    }
    steps
}

/// The chain for a claim made in `u`, from the tree and the active admin accounts today.
pub async fn for_unit(db: &impl ConnectionTrait, u: &unit::Model) -> AppResult<Vec<ChainStep>> {
    let ids: Vec<Uuid> = u
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect();
    let mut units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    // Leaf first: the deepest path is the claimant's own unit.
    units.sort_by_key(|x| std::cmp::Reverse(x.path.len()));
    let bindings = role_binding::Entity::find()
        .filter(role_binding::Column::Role.eq(Role::UnitAdmin))
        .filter(role_binding::Column::UnitId.is_in(ids))
        .all(db)
        .await?;
    let active: HashSet<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(bindings.iter().map(|b| b.user_id).collect::<Vec<_>>()))
        .filter(user::Column::Disabled.eq(false))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let admins: HashSet<Uuid> = bindings
        .iter()
        .filter(|b| active.contains(&b.user_id))
        .filter_map(|b| b.unit_id)
        .collect();
    Ok(plan(&units, &admins))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, tier: Tier, depth: usize, second_confirms: bool) -> unit::Model {
        unit::Model {
            id: Uuid::now_v7(),
            name: name.into(),
            code: String::new(),
            tier,
            parent_id: None,
            path: "/x".repeat(depth),
            code_override_reason: None,
            address: None,
            contact_name: None,
            contact_phone: None,
            second_confirms,
            active: true,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn kinds(steps: &[ChainStep]) -> Vec<(&str, StepKind)> {
        steps
            .iter()
            .map(|s| (s.unit_name.as_str(), s.kind))
            .collect()
    }

    #[test]
    fn chains_follow_the_tree_and_the_admins() {
        use StepKind::*;
        let third = unit("三级", Tier::Third, 3, true);
        let second = unit("二级", Tier::Second, 2, true);
        let root = unit("省学时办", Tier::Province, 1, true);
        let all: HashSet<Uuid> = [third.id, second.id].into();
        let tree = [third.clone(), second.clone(), root.clone()];
        assert_eq!(
            kinds(&plan(&tree, &all)),
            [
                ("三级", Recognise),
                ("二级", Confirm),
                ("省学时办", ProvinceReview)
            ]
        );
        // The 二级 unit switched 报送 off.
        let quiet = unit("二级", Tier::Second, 2, false);
        let quiet_all: HashSet<Uuid> = [third.id, quiet.id].into();
        assert_eq!(
            kinds(&plan(&[third.clone(), quiet, root.clone()], &quiet_all)),
            [("三级", Recognise), ("省学时办", ProvinceReview)]
        );
        // A 三级 unit without an admin: its 二级 parent recognises.
        let only_second: HashSet<Uuid> = [second.id].into();
        assert_eq!(
            kinds(&plan(&tree, &only_second)),
            [("二级", Recognise), ("省学时办", ProvinceReview)]
        );
        // Staff of a 二级 unit itself.
        assert_eq!(
            kinds(&plan(&[second.clone(), root.clone()], &all)),
            [("二级", Recognise), ("省学时办", ProvinceReview)]
        );
        // Nobody below the province has an admin.
        assert_eq!(
            kinds(&plan(&tree, &HashSet::new())),
            [("省学时办", ProvinceReview)]
        );
    }
}
