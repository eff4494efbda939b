//! HTTP for persons, affiliation, transfers, registration and the title dictionary.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::{
    dictionary,
    model::{
        CreatePerson, CreateTitle, PersonDetail, PersonFilter, PersonPage, Reason, Registration,
        ReleaseRequest, TitleEntry, TransferRequest, TransferView, UpdatePerson, UpdateTitle,
    },
    service, transfers,
};
use crate::{
    app::AppState,
    auth::{Actor, Principal, actor::client_ip},
    error::AppResult,
};

pub fn configure(cfg: &mut ServiceConfig) {
    // Before `/persons/{id}`, which would take `import` and `export` for an id.
    super::import::routes::configure(cfg);
    super::export::configure(cfg);
    cfg.service(list_persons)
        .service(get_person)
        .service(create_person)
        .service(update_person)
        .service(confirm_person)
        .service(reject_person)
        .service(release_person)
        .service(list_transfers)
        .service(request_transfer)
        .service(act_on_transfer)
        .service(register)
        .service(list_titles)
        .service(create_title)
        .service(update_title);
}

const PROBLEM: &str = "application/problem+json";

/// 人员列表: persons in the caller's scope, 身份证号 and phone masked, with filters and paging.
#[utoipa::path(tag = "persons", params(PersonFilter), responses(
    (status = 200, body = PersonPage),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/persons")]
async fn list_persons(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<PersonFilter>,
) -> AppResult<web::Json<PersonPage>> {
    Ok(web::Json(service::list(&state, &p, f.into_inner()).await?))
}

/// 人员详情: the full 身份证号 and phone, for someone in scope.
#[utoipa::path(tag = "persons", params(("id" = Uuid, Path)), responses(
    (status = 200, body = PersonDetail),
    (status = 404, description = "不存在或不在管辖范围内", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/persons/{id}")]
async fn get_person(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<PersonDetail>> {
    Ok(web::Json(service::detail(&state, &p, *id).await?))
}

/// 新增人员 (the unit vouches: confirmed at once).
#[utoipa::path(tag = "persons", request_body = CreatePerson, responses(
    (status = 201, body = PersonDetail),
    (status = 409, description = "`duplicate_person` / `person_in_other_unit`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/persons")]
async fn create_person(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<CreatePerson>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state, &p, body.into_inner()).await?))
}

/// 修改人员信息 (身份证号 and 姓名 are locked once confirmed).
#[utoipa::path(tag = "persons", params(("id" = Uuid, Path)), request_body = UpdatePerson, responses(
    (status = 200, body = PersonDetail),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[patch("/persons/{id}")]
async fn update_person(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<UpdatePerson>,
) -> AppResult<web::Json<PersonDetail>> {
    Ok(web::Json(
        service::update(&state, &p, *id, body.into_inner()).await?,
    ))
}

/// 确认单位关系: the unit confirms a self-registered person.
#[utoipa::path(tag = "persons", params(("id" = Uuid, Path)), responses(
    (status = 200, body = PersonDetail),
    (status = 409, description = "`not_pending`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/persons/{id}/confirm")]
async fn confirm_person(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<PersonDetail>> {
    Ok(web::Json(
        service::decide_affiliation(&state, &p, *id, true, None).await?,
    ))
}

/// 不予确认: the person does not work here (reason required).
#[utoipa::path(tag = "persons", params(("id" = Uuid, Path)), request_body = Reason, responses(
    (status = 200, body = PersonDetail),
), security(("bearer" = [])))]
#[post("/persons/{id}/reject")]
async fn reject_person(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<Reason>,
) -> AppResult<web::Json<PersonDetail>> {
    Ok(web::Json(
        service::decide_affiliation(&state, &p, *id, false, Some(body.into_inner().reason)).await?,
    ))
}

/// 调出: the person's unit releases them to another unit; the new unit accepts.
#[utoipa::path(tag = "transfers", params(("id" = Uuid, Path)), request_body = ReleaseRequest, responses(
    (status = 201, body = TransferView),
    (status = 409, description = "`transfer_pending`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/persons/{id}/release")]
async fn release_person(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<ReleaseRequest>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created()
        .json(transfers::release_to(&state, &p, *id, body.into_inner()).await?))
}

/// 调动待办: pending transfers into or out of the caller's units.
#[utoipa::path(tag = "transfers", responses((status = 200, body = Vec<TransferView>)), security(("bearer" = [])))]
#[get("/transfers")]
async fn list_transfers(
    state: web::Data<AppState>,
    p: Principal,
) -> AppResult<web::Json<Vec<TransferView>>> {
    Ok(web::Json(transfers::list(&state, &p).await?))
}

/// 调入申请: the new unit asks for a person of another unit by 身份证号; the old unit releases.
#[utoipa::path(tag = "transfers", request_body = TransferRequest, responses(
    (status = 201, body = TransferView),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/transfers")]
async fn request_transfer(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<TransferRequest>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(transfers::request(&state, &p, body.into_inner()).await?))
}

/// 办理调动: `release` (old unit), `accept` (new unit) or `cancel` (either).
#[utoipa::path(tag = "transfers", params(("id" = Uuid, Path), ("action" = String, Path, description = "release | accept | cancel")), responses(
    (status = 200, body = TransferView),
    (status = 409, description = "`transfer_closed` / `transfer_wrong_side`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/transfers/{id}/{action}")]
async fn act_on_transfer(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, String)>,
) -> AppResult<web::Json<TransferView>> {
    let (id, action) = path.into_inner();
    Ok(web::Json(transfers::act(&state, &p, id, &action).await?))
}

/// 个人注册 (no login): the unit confirms the affiliation before the person can submit anything.
#[utoipa::path(tag = "persons", request_body = Registration, responses(
    (status = 201, description = "已注册，待单位确认"),
    (status = 409, description = "`already_registered`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(()))]
#[post("/public/register")]
async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<Registration>,
) -> AppResult<HttpResponse> {
    service::register(&state, body.into_inner(), client_ip(&req)).await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "status": "pending" })))
}

/// 职称字典.
#[utoipa::path(tag = "titles", responses((status = 200, body = Vec<TitleEntry>)), security(("bearer" = [])))]
#[get("/titles")]
async fn list_titles(
    state: web::Data<AppState>,
    actor: Actor,
) -> AppResult<web::Json<Vec<TitleEntry>>> {
    Ok(web::Json(dictionary::list(&state, &actor).await?))
}

/// 新增职称 (system administrator).
#[utoipa::path(tag = "titles", request_body = CreateTitle, responses(
    (status = 201, body = TitleEntry),
    (status = 409, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/titles")]
async fn create_title(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<CreateTitle>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(dictionary::create(&state, &p, body.into_inner()).await?))
}

/// 启用或停用职称 (system administrator).
#[utoipa::path(tag = "titles", params(("id" = Uuid, Path)), request_body = UpdateTitle, responses((status = 200, body = TitleEntry)), security(("bearer" = [])))]
#[patch("/titles/{id}")]
async fn update_title(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<UpdateTitle>,
) -> AppResult<web::Json<TitleEntry>> {
    Ok(web::Json(
        dictionary::update(&state, &p, *id, body.into_inner()).await?,
    ))
}
