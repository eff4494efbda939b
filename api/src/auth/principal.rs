//! The caller with their role bindings loaded: the one place that turns a permission into
//! a data scope (a set of unit-path ranges) for services to filter and check against.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{
    Actor, Role,
    entities::{role_binding, user},
    permissions::{Permission, Reach, grants},
};
use crate::{
    app::AppState,
    error::{AppError, AppResult},
    orgs::{Tier, unit},
};

#[derive(Debug, Clone)]
pub struct Grant {
    pub role: Role,
    pub unit: Option<unit::Model>,
}

#[derive(Debug, Clone)]
pub struct Principal {
    pub user: user::Model,
    pub grants: Vec<Grant>,
    pub ip: Option<String>,
}

/// Unit-path ranges a permission reaches. `None` bounds mean the whole tree.
#[derive(Debug, Clone)]
pub struct Scope {
    all: bool,
    /// (lower, upper, include_lower)
    ranges: Vec<(String, String, bool)>,
    /// The grant used for this permission, recorded in the audit log.
    pub role: Role,
    pub unit_id: Option<Uuid>,
}

impl Principal {
    /// Loads the active user and their bindings. An account whose password is still a
    /// one-time activation code may do nothing until it sets one.
    pub async fn load(state: &AppState, actor: &Actor, ip: Option<String>) -> AppResult<Self> {
        let user = user::Entity::find_by_id(actor.user_id)
            .one(&state.db)
            .await?
            .filter(|u| !u.disabled)
            .ok_or_else(|| AppError::unauthorized("invalid_token", "登录凭据无效，请重新登录"))?;
        if user.must_change_password {
            return Err(AppError::forbidden(
                "password_change_required",
                "首次登录请先设置新密码",
            ));
        }
        let grants = role_binding::Entity::find()
            .filter(role_binding::Column::UserId.eq(user.id))
            .find_also_related(unit::Entity)
            .all(&state.db)
            .await?
            .into_iter()
            .map(|(b, u)| Grant {
                role: b.role,
                unit: u,
            })
            .collect();
        Ok(Self { user, grants, ip })
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// Where `permission` reaches; 403 when no binding grants it at all.
    pub fn scope(&self, permission: Permission) -> AppResult<Scope> {
        let mut scope: Option<Scope> = None;
        for g in &self.grants {
            let tier = g.unit.as_ref().map(|u| u.tier);
            let Some((_, reach)) = grants(g.role, tier).iter().find(|(p, _)| *p == permission)
            else {
                continue;
            };
            let s = scope.get_or_insert_with(|| Scope {
                all: false,
                ranges: Vec::new(),
                role: g.role,
                unit_id: g.unit.as_ref().map(|u| u.id),
            });
            match (reach, &g.unit) {
                (Reach::Everything, _) => s.all = true,
                (Reach::Subtree, Some(u)) => {
                    s.ranges
                        .push((u.path.clone(), unit::subtree_upper(&u.path), true))
                }
                (Reach::Below, Some(u)) => {
                    s.ranges
                        .push((u.path.clone(), unit::subtree_upper(&u.path), false))
                }
                // A unit-bound reach without a unit grants nothing.
                (_, None) => {}
            }
        }
        scope
            .filter(|s| s.all || !s.ranges.is_empty())
            .ok_or_else(|| AppError::forbidden("forbidden", "您没有执行该操作的权限"))
    }

    /// The scope, or 404 when `unit` lies outside it: existence never leaks.
    pub fn scope_over(&self, permission: Permission, unit: &unit::Model) -> AppResult<Scope> {
        let scope = self.scope(permission)?;
        if scope.contains(&unit.path) {
            Ok(scope)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The unit of the actor's first binding of `role` at `tier` (e.g. a 二级 admin's unit).
    pub fn unit_of(&self, role: Role, tier: Option<Tier>) -> Option<&unit::Model> {
        self.grants
            .iter()
            .filter(|g| g.role == role)
            .filter_map(|g| g.unit.as_ref())
            .find(|u| tier.is_none_or(|t| u.tier == t))
    }
}

/// Handlers take a `Principal` to be authenticated and have the bindings loaded.
impl FromRequest for Principal {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let actor = Actor::from_request(req, payload).into_inner();
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let ip = super::actor::client_ip(req);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState missing")))?;
            Principal::load(&state, &actor?, ip).await
        })
    }
}

impl Scope {
    pub fn is_all(&self) -> bool {
        self.all
    }

    pub fn contains(&self, path: &str) -> bool {
        self.all
            || self.ranges.iter().any(|(lo, hi, incl)| {
                (if *incl {
                    path >= lo.as_str()
                } else {
                    path > lo.as_str()
                }) && path < hi.as_str()
            })
    }

    /// A condition on a unit-path column: index range scans on both databases. It is an
    /// AND at the top, so conditions added to it narrow it (an OR there would widen it).
    pub fn path_condition<C: ColumnTrait>(&self, col: C) -> Condition {
        if self.all {
            return Condition::all();
        }
        let ranges = self
            .ranges
            .iter()
            .fold(Condition::any(), |any, (lo, hi, incl)| {
                let lower = if *incl {
                    col.gte(lo.as_str())
                } else {
                    col.gt(lo.as_str())
                };
                any.add(Condition::all().add(lower).add(col.lt(hi.as_str())))
            });
        Condition::all().add(ranges)
    }
}
