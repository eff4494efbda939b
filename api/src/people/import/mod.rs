//! 批量导入专业技术人员: template, preview, error report, commit.
//!
//! The flow: the administrator downloads the template, fills it, uploads it for a preview
//! (the file is stored and an `imports` row remembers it, keyed by unit, mode and file hash,
//! so the same file previewed twice is the same import), fixes the rows the error report
//! lists, and commits. The commit reads the stored file again, checks it against the
//! database of that moment, and writes every row in one transaction or nothing.

pub mod check;
pub mod entity;
pub mod model;
pub mod parse;
pub mod report;
pub mod routes;
pub mod service;
pub mod template;
