use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    entity as notification,
    model::{Notification, NotificationFilter, NotificationPage},
};
use crate::{
    app::AppState,
    auth::{Principal, entities::user},
    claims::claim,
    error::{AppError, AppResult},
    fields::paging,
};

/// Tells the claimant's account (if the person has one) about their claim, in the
/// caller's transaction so a rolled-back decision sends nothing.
pub async fn notify_claimant(
    db: &impl ConnectionTrait,
    c: &claim::Model,
    kind: &str,
    title: String,
    body: String,
) -> AppResult<()> {
    notify_person(db, c.person_id, Some(c.id), kind, title, body).await
}

/// Tells a person's account (if they have one), in the caller's transaction.
pub async fn notify_person(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    claim_id: Option<Uuid>,
    kind: &str,
    title: String,
    body: String,
) -> AppResult<()> {
    let accounts: Vec<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::PersonId.eq(person_id))
        .into_tuple()
        .all(db)
        .await?;
    for user_id in accounts {
        notify_user(db, user_id, claim_id, kind, title.clone(), body.clone()).await?;
    }
    Ok(())
}

/// Tells one account (an organiser, an administrator), in the caller's transaction.
pub async fn notify_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    claim_id: Option<Uuid>,
    kind: &str,
    title: String,
    body: String,
) -> AppResult<()> {
    notification::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        kind: Set(kind.into()),
        title: Set(title),
        body: Set(body),
        claim_id: Set(claim_id),
        created_at: Set(Utc::now()),
        read_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn list(
    state: &AppState,
    p: &Principal,
    f: NotificationFilter,
) -> AppResult<NotificationPage> {
    let (page, page_size) = paging(f.page, f.page_size);
    let mine = notification::Entity::find().filter(notification::Column::UserId.eq(p.user.id));
    let unread = mine
        .clone()
        .filter(notification::Column::ReadAt.is_null())
        .count(&state.db)
        .await?;
    let query = if f.unread_only == Some(true) {
        mine.filter(notification::Column::ReadAt.is_null())
    } else {
        mine
    };
    let total = query.clone().count(&state.db).await?;
    let items = query
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|n| Notification {
            id: n.id,
            kind: n.kind,
            title: n.title,
            body: n.body,
            claim_id: n.claim_id,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        })
        .collect();
    Ok(NotificationPage {
        items,
        total,
        unread,
        page,
        page_size,
    })
}

/// Marks one of the caller's messages, or all of them when `id` is `None`, as read.
/// Someone else's message is a 404.
pub async fn mark_read(state: &AppState, p: &Principal, id: Option<Uuid>) -> AppResult<u64> {
    let mut q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(p.user.id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        let found = notification::Entity::find_by_id(id)
            .filter(notification::Column::UserId.eq(p.user.id))
            .one(&state.db)
            .await?;
        if found.is_none() {
            return Err(AppError::NotFound);
        }
        q = q.filter(notification::Column::Id.eq(id));
    }
    Ok(q.exec(&state.db).await?.rows_affected)
}
