//! 附件2 《培训班学员学时登记信息汇总表》: the template, a preview that classifies every row
//! and writes nothing, the error report, and the post that registers every attendee's
//! hours in one transaction. Uploads are `imports` rows keyed by class and file hash, so
//! the same file is the same roster and a post happens once.

pub mod check;
pub mod model;
pub mod service;
pub mod template;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

use crate::people::import::parse::{
    Column, ID_NAMES, PHONE_NAMES, PROVINCIAL_NAMES, TITLE_LEVEL_NAMES, TITLE_NAMES,
    TITLE_SERIES_NAMES,
};

/// A corrected roster of a posted class, awaiting 省学时办.
pub const PENDING: &str = "pending";
/// A corrected roster 省学时办 did not accept.
pub const REJECTED: &str = "rejected";

const PREFIX: &str = "roster:";

/// The `imports.kind` of a class's rosters (29 characters).
pub fn kind(class_id: Uuid) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(class_id.as_bytes()))
}

pub fn class_of_kind(kind: &str) -> Option<Uuid> {
    let raw = URL_SAFE_NO_PAD.decode(kind.strip_prefix(PREFIX)?).ok()?;
    Uuid::from_slice(&raw).ok()
}

/// The 13 columns of 附件2, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RCol {
    Seq,
    Organiser,
    ClassName,
    Name,
    Gender,
    Company,
    IdNumber,
    TitleSeries,
    TitleLevel,
    TitleName,
    Hours,
    Phone,
    Provincial,
}

impl Column for RCol {
    const ALL: &'static [RCol] = &[
        RCol::Seq,
        RCol::Organiser,
        RCol::ClassName,
        RCol::Name,
        RCol::Gender,
        RCol::Company,
        RCol::IdNumber,
        RCol::TitleSeries,
        RCol::TitleLevel,
        RCol::TitleName,
        RCol::Hours,
        RCol::Phone,
        RCol::Provincial,
    ];
    const KEY: [RCol; 2] = [RCol::Name, RCol::IdNumber];
    const SEQ: RCol = RCol::Seq;

    fn position(self) -> usize {
        self as usize
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            RCol::Seq => &["序号", "编号"],
            RCol::Organiser => &["培训单位", "培训机构", "办班单位"],
            RCol::ClassName => &["培训班名称", "培训班", "班级名称"],
            RCol::Name => &["姓名"],
            RCol::Gender => &["性别"],
            RCol::Company => &["企业名称", "工作单位", "单位名称", "所在单位"],
            RCol::IdNumber => ID_NAMES,
            RCol::TitleSeries => TITLE_SERIES_NAMES,
            RCol::TitleLevel => TITLE_LEVEL_NAMES,
            RCol::TitleName => TITLE_NAMES,
            RCol::Hours => &["认定学时", "学时", "登记学时"],
            RCol::Phone => PHONE_NAMES,
            RCol::Provincial => PROVINCIAL_NAMES,
        }
    }
}

/// The 附件2 header as printed: 是（否）省属单位人员.
pub fn printed_label(c: RCol) -> &'static str {
    match c {
        RCol::Provincial => "是（否）省属单位人员",
        other => other.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_fit_and_round_trip() {
        let id = Uuid::now_v7();
        assert!(kind(id).len() <= 32);
        assert_eq!(class_of_kind(&kind(id)), Some(id));
        assert_eq!(class_of_kind("persons:c:x"), None);
    }

    #[test]
    fn the_annex_headers_are_recognised() {
        assert_eq!(
            RCol::from_header("是（否）省属单位人员"),
            Some(RCol::Provincial)
        );
        assert_eq!(RCol::from_header("认定学时"), Some(RCol::Hours));
        assert_eq!(RCol::from_header("企业名称"), Some(RCol::Company));
    }
}
