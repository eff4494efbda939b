//! One error type for the whole API. Every error leaves as RFC 9457 `application/problem+json`
//! with a stable snake_case `code` and a Chinese `detail`; internal causes are logged once,
//! here, and never shown to the client.

use std::borrow::Cow;

use actix_web::{
    HttpRequest, HttpResponse, ResponseError,
    body::{BoxBody, EitherBody, MessageBody},
    dev::ServiceResponse,
    error::{JsonPayloadError, PathError, QueryPayloadError},
    http::{StatusCode, header},
    middleware::ErrorHandlerResponse,
};
use sea_orm::{DbErr, SqlErr};
use serde::Serialize;
use utoipa::ToSchema;

pub type AppResult<T> = Result<T, AppError>;
type Text = Cow<'static, str>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("unauthorized: {code}")]
    Unauthorized { code: &'static str, detail: Text },
    #[error("forbidden: {code}")]
    Forbidden { code: &'static str, detail: Text },
    #[error("validation failed")]
    Invalid(Vec<FieldError>),
    #[error("bad request: {code}")]
    BadRequest { code: &'static str, detail: Text },
    #[error("conflict: {code}")]
    Conflict { code: &'static str, detail: Text },
    /// Well-formed, but the business rules do not allow it now (e.g. not yet eligible).
    #[error("unprocessable: {code}")]
    Unprocessable { code: &'static str, detail: Text },
    /// A feature whose prerequisites (e.g. a font) are missing on this server.
    #[error("unavailable: {code}")]
    Unavailable { code: &'static str, detail: Text },
    #[error("too many requests: {code}")]
    TooManyRequests {
        code: &'static str,
        detail: Text,
        retry_after_seconds: u64,
    },
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

/// One invalid field: `field` is the request's JSON field name.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldError {
    pub field: String,
    /// Stable snake_case code, e.g. `required`, `too_short`.
    pub code: String,
    /// Chinese message to show beside the field.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// RFC 9457 problem details, as every error response body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type (`urn:xueshi:error:<code>`).
    #[serde(rename = "type")]
    pub type_: String,
    /// Short Chinese title of the status.
    pub title: String,
    pub status: u16,
    /// Stable snake_case error code; clients branch on this.
    pub code: String,
    /// Chinese explanation for the user.
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldError>>,
    /// Seconds to wait before retrying (429 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
}

impl AppError {
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, code, message)])
    }

    pub fn unauthorized(code: &'static str, detail: impl Into<Text>) -> Self {
        Self::Unauthorized {
            code,
            detail: detail.into(),
        }
    }

    pub fn forbidden(code: &'static str, detail: impl Into<Text>) -> Self {
        Self::Forbidden {
            code,
            detail: detail.into(),
        }
    }

    pub fn conflict(code: &'static str, detail: impl Into<Text>) -> Self {
        Self::Conflict {
            code,
            detail: detail.into(),
        }
    }

    pub fn bad_request(code: &'static str, detail: impl Into<Text>) -> Self {
        Self::BadRequest {
            code,
            detail: detail.into(),
        }
    }

    pub fn unprocessable(code: &'static str, detail: impl Into<Text>) -> Self {
        Self::Unprocessable {
            code,
            detail: detail.into(),
        }
    }

    pub fn unavailable(code: &'static str, detail: impl Into<Text>) -> Self {
        Self::Unavailable {
            code,
            detail: detail.into(),
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Invalid(_) => "validation_failed",
            Self::Internal(_) => "internal_error",
            Self::Unauthorized { code, .. }
            | Self::Forbidden { code, .. }
            | Self::BadRequest { code, .. }
            | Self::Conflict { code, .. }
            | Self::Unprocessable { code, .. }
            | Self::Unavailable { code, .. }
            | Self::TooManyRequests { code, .. } => code,
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::NotFound => "请求的资源不存在".into(),
            Self::Invalid(fields) => match fields.as_slice() {
                [one] => one.message.clone(),
                _ => "提交的内容有误，请按提示修改".into(),
            },
            Self::Internal(_) => "服务器内部错误，请稍后重试".into(),
            Self::Unauthorized { detail, .. }
            | Self::Forbidden { detail, .. }
            | Self::BadRequest { detail, .. }
            | Self::Conflict { detail, .. }
            | Self::Unprocessable { detail, .. }
            | Self::Unavailable { detail, .. }
            | Self::TooManyRequests { detail, .. } => detail.to_string(),
        }
    }

    pub fn to_problem(&self) -> Problem {
        let status = self.status_code();
        Problem {
            type_: format!("urn:xueshi:error:{}", self.code()),
            title: status_title(status).into(),
            status: status.as_u16(),
            code: self.code().into(),
            detail: self.detail(),
            fields: match self {
                Self::Invalid(fields) => Some(fields.clone()),
                _ => None,
            },
            retry_after_seconds: match self {
                Self::TooManyRequests {
                    retry_after_seconds,
                    ..
                } => Some(*retry_after_seconds),
                _ => None,
            },
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            // The one place an internal cause is logged; the client sees only the code.
            tracing::error!(error = %format!("{cause:#}"), "internal error");
        }
        let mut resp = HttpResponse::build(self.status_code());
        resp.content_type("application/problem+json");
        if let Self::TooManyRequests {
            retry_after_seconds,
            ..
        } = self
        {
            resp.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
        }
        resp.json(self.to_problem())
    }
}

/// Constraint violations become user errors here, the same way on SQLite and PostgreSQL.
impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Self::conflict("duplicate", "该记录已存在，不能重复提交")
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                Self::conflict("referenced", "该记录被其他数据引用或引用的数据不存在")
            }
            _ => Self::Internal(anyhow::Error::new(err)),
        }
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut fields: Vec<FieldError> = errors
            .field_errors()
            .into_iter()
            .flat_map(|(field, errs)| {
                errs.iter().map(move |e| {
                    FieldError::new(
                        field.as_ref(),
                        &e.code,
                        e.message
                            .as_ref()
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| format!("{field} 的值不符合要求")),
                    )
                })
            })
            .collect();
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        Self::Invalid(fields)
    }
}

fn status_title(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "请求有误",
        401 => "未登录或登录已失效",
        403 => "无权操作",
        404 => "未找到",
        405 => "不支持的请求方法",
        409 => "状态冲突",
        413 => "请求内容过大",
        415 => "不支持的内容类型",
        422 => "数据校验未通过",
        429 => "请求过于频繁",
        500 => "服务器内部错误",
        503 => "服务暂不可用",
        _ => "请求失败",
    }
}

/// Extractor error handlers: malformed or oversized bodies answer in the problem shape.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let app_err = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            AppError::bad_request("payload_too_large", "请求内容过大")
        }
        JsonPayloadError::ContentType => AppError::bad_request(
            "unsupported_media_type",
            "请求内容类型必须是 application/json",
        ),
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            AppError::bad_request("invalid_body", format!("请求内容字段不正确：{e}"))
        }
        _ => AppError::bad_request("malformed_json", "请求内容不是有效的 JSON"),
    };
    let status = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        JsonPayloadError::ContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        _ => StatusCode::BAD_REQUEST,
    };
    with_status(app_err, status)
}

pub fn path_error(_err: PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::NotFound.into()
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::bad_request("invalid_query", format!("查询参数不正确：{err}")).into()
}

/// Renders `err` as a problem body but with a different HTTP status (413, 415).
fn with_status(err: AppError, status: StatusCode) -> actix_web::Error {
    let mut problem = err.to_problem();
    problem.status = status.as_u16();
    problem.title = status_title(status).into();
    let resp = HttpResponse::build(status)
        .content_type("application/problem+json")
        .json(problem);
    actix_web::error::InternalError::from_response(err, resp).into()
}

/// Last line of defence: any 4xx/5xx without a JSON body (actix's own 404/405, a framework
/// error) is rewritten in the problem shape, so no client ever sees an HTML page or an empty
/// error body. JSON bodies (problem+json, the readiness report) pass unchanged.
pub fn problem_fallback<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/problem+json") || v.starts_with("application/json")
        });
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let code = match status.as_u16() {
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        s if s >= 500 => "internal_error",
        _ => "bad_request",
    };
    let problem = Problem {
        type_: format!("urn:xueshi:error:{code}"),
        title: status_title(status).into(),
        status: status.as_u16(),
        code: code.into(),
        detail: status_title(status).into(),
        fields: None,
        retry_after_seconds: None,
    };
    let body = serde_json::to_string(&problem).unwrap_or_default();
    let (req, _) = res.into_parts();
    let resp: HttpResponse<BoxBody> = HttpResponse::build(status)
        .content_type("application/problem+json")
        .body(body);
    let res: ServiceResponse<EitherBody<B>> = ServiceResponse::new(req, resp).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(res))
}
