//! In-app notifications: a message to an account (the claimant, for every review outcome,
//! with the reason), an unread count and mark-as-read. E-mail is not sent (off by default
//! and not configured in this release).

pub mod entity;
pub mod model;
pub mod routes;
pub mod service;

pub use service::notify_claimant;
