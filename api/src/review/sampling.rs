//! 抽查比例: the share of a unit's recognised claims that go to 复审 (D7; default every one).
//! A unit inherits the rate of its nearest ancestor that has one. Whether a claim is sampled
//! is a pure function of its id, so the decision is reproducible and cannot be gamed by
//! resubmitting at another moment.

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, sea_query::OnConflict};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "review_sampling")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub unit_id: Uuid,
        /// 0–100.
        pub percent: i32,
        pub updated_by: Uuid,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use crate::error::AppResult;

pub const DEFAULT_PERCENT: i32 = 100;

/// The rate for a claim of the unit at `unit_path`: the deepest unit on the path with one.
pub async fn percent_for(db: &impl ConnectionTrait, unit_path: &str) -> AppResult<i32> {
    let ids: Vec<Uuid> = unit_path
        .split('/')
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect();
    let rates = entity::Entity::find()
        .filter(entity::Column::UnitId.is_in(ids.clone()))
        .all(db)
        .await?;
    Ok(ids
        .iter()
        .rev()
        .find_map(|id| rates.iter().find(|r| r.unit_id == *id))
        .map_or(DEFAULT_PERCENT, |r| r.percent))
}

/// Whether claim `id` goes to 复审 at `percent`.
pub fn sampled(id: Uuid, percent: i32) -> bool {
    let digest = Sha256::digest(id.as_bytes());
    let draw = i32::from(u16::from_be_bytes([digest[0], digest[1]]) % 100);
    draw < percent
}

pub async fn set(db: &impl ConnectionTrait, unit: Uuid, percent: i32, by: Uuid) -> AppResult<()> {
    entity::Entity::insert(entity::ActiveModel {
        unit_id: Set(unit),
        percent: Set(percent),
        updated_by: Set(by),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(entity::Column::UnitId)
            .update_columns([
                entity::Column::Percent,
                entity::Column::UpdatedBy,
                entity::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_bound_the_share_sampled() {
        let ids: Vec<Uuid> = (0..2000).map(|_| Uuid::now_v7()).collect();
        assert!(ids.iter().all(|id| sampled(*id, 100)));
        assert!(ids.iter().all(|id| !sampled(*id, 0)));
        let share = ids.iter().filter(|id| sampled(**id, 30)).count();
        assert!((450..750).contains(&share), "about 30 % of 2000: {share}");
        let id = ids[0];
        assert_eq!(sampled(id, 50), sampled(id, 50), "reproducible");
    }
}
