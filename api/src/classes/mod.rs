//! Training classes (第六条, issue 7): unified recognition of a class (附件1) with the D9
//! deadlines, 省学时办's decision, the attendee roster (附件2) posted as registered hours,
//! and lecture videos (D15).

pub mod check;
pub mod entity;
pub mod model;
pub mod pdf;
pub mod roster;
pub mod routes;
pub mod service;
pub mod videos;
