//! Authentication: passwords, access and refresh tokens, the `Actor` extractor, roles.

pub mod accounts;
pub mod actor;
pub mod admin;
pub mod entities;
pub mod model;
pub mod password;
pub mod permissions;
pub mod principal;
pub mod role;
pub mod routes;
pub mod service;
pub mod token;

pub use actor::Actor;
pub use permissions::Permission;
pub use principal::{Principal, Scope};
pub use role::Role;
pub use token::JwtKeys;
