//! Authorization as data: which role (and, for unit admins, which tier) may do what, and how
//! far from its bound unit that reaches. Services ask [`super::Principal::scope`]; a
//! permission missing from this table is denied.

use super::Role;
use crate::orgs::Tier;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    UnitView,
    UnitCreate,
    UnitEdit,
    UnitDeactivate,
    /// Accept a 统一社会信用代码 that fails its checksum, with a reason.
    UnitCodeOverride,
    AccountView,
    /// Create, reset, disable administrator and organiser accounts.
    AdminAccountManage,
    /// Create, reset, disable persons' accounts.
    PersonAccountManage,
    PersonView,
    PersonManage,
    PersonConfirm,
    PersonTransfer,
    PersonImport,
    PersonExport,
    AuditView,
    TitleManage,
    /// Publish pathway rule versions.
    RuleManage,
    /// Set a year's thresholds and claim deadline.
    YearManage,
    /// See the claims of persons in scope, with their evidence.
    ClaimView,
    /// Decide on claims at one's own step of their review chain.
    ClaimReview,
    /// Set a unit's 复审 sampling rate.
    SamplingManage,
    /// Issue and batch-print certificates for persons in scope.
    CertificateIssue,
    /// Revoke a certificate by hand (e.g. fraud, D12).
    CertificateRevoke,
    /// See training classes (an organiser its own unit's, 省学时办 all).
    ClassView,
    /// Apply for a class, upload its roster and lecture videos (organisers).
    ClassApply,
    /// Decide applications and corrected rosters, grant deadline exceptions, adopt videos.
    ClassDecide,
    /// Register e-learning platforms, issue, rotate and revoke their API keys.
    SyncClientManage,
    /// See synced online records, the unmatched queue and the reconciliation.
    SyncView,
    /// Match, dismiss or revoke a synced record.
    SyncDecide,
}

/// How far a grant reaches from the unit the role is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The whole tree, wherever the role is bound.
    Everything,
    /// The bound unit and every unit below it.
    Subtree,
    /// Only units strictly below the bound unit.
    Below,
}

use Permission::*;
use Reach::*;

const SYSADMIN: &[(Permission, Reach)] = &[
    (UnitView, Everything),
    (AccountView, Everything),
    (AdminAccountManage, Everything),
    (PersonAccountManage, Everything),
    (AuditView, Everything),
    (TitleManage, Everything),
    (RuleManage, Everything),
    (YearManage, Everything),
    (SyncClientManage, Everything),
];

const PROVINCE: &[(Permission, Reach)] = &[
    (UnitView, Everything),
    (UnitCreate, Everything),
    (UnitEdit, Everything),
    (UnitDeactivate, Everything),
    (UnitCodeOverride, Everything),
    (AccountView, Everything),
    (AdminAccountManage, Everything),
    (PersonView, Everything),
    (PersonExport, Everything),
    (AuditView, Everything),
    (ClaimView, Everything),
    (ClaimReview, Everything),
    (SamplingManage, Everything),
    (CertificateIssue, Everything),
    (CertificateRevoke, Everything),
    (ClassView, Everything),
    (ClassDecide, Everything),
    (SyncView, Everything),
    (SyncDecide, Everything),
];

const ORGANISER: &[(Permission, Reach)] = &[(ClassView, Subtree), (ClassApply, Subtree)];

const SECOND_ADMIN: &[(Permission, Reach)] = &[
    (UnitView, Subtree),
    (UnitCreate, Subtree),
    (UnitEdit, Subtree),
    (UnitDeactivate, Below),
    (AccountView, Subtree),
    (AdminAccountManage, Subtree),
    (PersonAccountManage, Subtree),
    (PersonView, Subtree),
    (PersonManage, Subtree),
    (PersonConfirm, Subtree),
    (PersonTransfer, Subtree),
    (PersonImport, Subtree),
    (PersonExport, Subtree),
    (AuditView, Subtree),
    (ClaimView, Subtree),
    (ClaimReview, Subtree),
    (CertificateIssue, Subtree),
];

const THIRD_ADMIN: &[(Permission, Reach)] = &[
    (UnitView, Subtree),
    (UnitEdit, Subtree),
    (AccountView, Subtree),
    (PersonAccountManage, Subtree),
    (PersonView, Subtree),
    (PersonManage, Subtree),
    (PersonConfirm, Subtree),
    (PersonTransfer, Subtree),
    (PersonImport, Subtree),
    (PersonExport, Subtree),
    (ClaimView, Subtree),
    (ClaimReview, Subtree),
    (CertificateIssue, Subtree),
];

/// The grants of a role bound to a unit of the given tier.
pub fn grants(role: Role, tier: Option<Tier>) -> &'static [(Permission, Reach)] {
    match (role, tier) {
        (Role::Sysadmin, _) => SYSADMIN,
        (Role::Province, _) => PROVINCE,
        (Role::UnitAdmin, Some(Tier::Second)) => SECOND_ADMIN,
        (Role::UnitAdmin, Some(Tier::Third)) => THIRD_ADMIN,
        (Role::Organiser, _) => ORGANISER,
        // Persons act on their own records only.
        _ => &[],
    }
}
