//! The review state machine (domain.md §2.5.1, D6, D7) as one pure function: given where a
//! claim stands, what is asked and who asks, the move to make or why not. The service
//! applies the move; the table test below walks every (state, action, caller) triple.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::claims::{State, chain::StepKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 认定: the first unit step sets the recognised hours.
    Recognise,
    /// 确认报送: the 二级 unit passes its 三级 unit's recognition on.
    Forward,
    /// 复审通过 (also 省学时办's decision when no unit reviews first).
    Confirm,
    /// 退回: to the claimant, or by 复审 back to the unit.
    Return,
    /// 不予认定: final.
    Reject,
    /// 复审调减 of a confirmed claim.
    Adjust,
    /// 撤销 by 省学时办, after recognition or after 复审.
    Revoke,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Self::Recognise => "认定",
            Self::Forward => "确认报送",
            Self::Confirm => "复审通过",
            Self::Return => "退回",
            Self::Reject => "不予认定",
            Self::Adjust => "调减学时",
            Self::Revoke => "撤销",
        }
    }

    pub const ALL: [Action; 7] = [
        Self::Recognise,
        Self::Forward,
        Self::Confirm,
        Self::Return,
        Self::Reject,
        Self::Adjust,
        Self::Revoke,
    ];
}

/// How the caller stands to the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    /// The claim is theirs.
    pub claimant: bool,
    /// An admin of the unit of the step the claim awaits (省学时办 at the 复审 step).
    pub at_step: bool,
    /// Holds the 省学时办 role.
    pub province: bool,
}

/// Where the claim stands: its state, and the kinds of the step it awaits and of the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub state: State,
    pub step: Option<StepKind>,
    pub next: Option<StepKind>,
}

/// What happens to the awaited step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// On to the next step of the chain.
    Advance,
    /// Nobody has to act any more.
    Clear,
    /// Back to the chain's first step (复审 returns it to the unit).
    Restart,
}

/// How the decision treats hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursRule {
    /// Not touched.
    Keep,
    /// May be lowered from the current value (a reason then), never raised.
    MayLower,
    /// Must be lowered, with a reason.
    MustLower,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub to: State,
    pub step: Step,
    pub hours: HoursRule,
    /// A reason must be given whatever the hours.
    pub reason_required: bool,
    /// The event name in the claim's history.
    pub event: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody acts on their own claim.
    OwnClaim,
    /// Not possible in this state: 409.
    Illegal,
    /// Possible, but another unit's (or 省学时办's) turn: 403.
    NotYourTurn,
}

/// Who may make a legal move.
enum Needs {
    Step,
    Province,
}

pub fn decide(at: Position, action: Action, who: Caller) -> Result<Move, Refusal> {
    use Action as A;
    use State as S;
    use StepKind as K;
    if who.claimant {
        return Err(Refusal::OwnClaim);
    }
    let mv = |to, step, hours, reason_required, event| Move {
        to,
        step,
        hours,
        reason_required,
        event,
    };
    let (needs, m) = match (at.state, at.step, action) {
        (S::Submitted, Some(K::Recognise), A::Recognise) => {
            let to = if at.next == Some(K::Confirm) {
                S::SubApproved
            } else {
                S::UnitRecognised
            };
            (
                Needs::Step,
                mv(to, Step::Advance, HoursRule::MayLower, false, "recognised"),
            )
        }
        (S::SubApproved, Some(K::Confirm), A::Forward) => (
            Needs::Step,
            mv(
                S::UnitRecognised,
                Step::Advance,
                HoursRule::MayLower,
                false,
                "forwarded",
            ),
        ),
        // No unit reviews first (省学时办 alone), or the unit has recognised: 复审.
        (S::Submitted | S::UnitRecognised, Some(K::ProvinceReview), A::Confirm) => (
            Needs::Step,
            mv(
                S::ProvinceConfirmed,
                Step::Clear,
                HoursRule::MayLower,
                false,
                "confirmed",
            ),
        ),
        (S::Submitted | S::SubApproved, Some(_), A::Return) => (
            Needs::Step,
            mv(S::Returned, Step::Clear, HoursRule::Keep, true, "returned"),
        ),
        (S::Submitted | S::SubApproved, Some(_), A::Reject) => (
            Needs::Step,
            mv(S::Rejected, Step::Clear, HoursRule::Keep, true, "rejected"),
        ),
        (S::UnitRecognised, Some(K::ProvinceReview), A::Return) => (
            Needs::Step,
            mv(
                S::Submitted,
                Step::Restart,
                HoursRule::Keep,
                true,
                "returned_to_unit",
            ),
        ),
        (S::ProvinceConfirmed, None, A::Adjust) => (
            Needs::Province,
            mv(
                S::ProvinceConfirmed,
                Step::Clear,
                HoursRule::MustLower,
                true,
                "adjusted",
            ),
        ),
        (S::UnitRecognised | S::ProvinceConfirmed, _, A::Revoke) => (
            Needs::Province,
            mv(S::Revoked, Step::Clear, HoursRule::Keep, true, "revoked"),
        ),
        _ => return Err(Refusal::Illegal),
    };
    let allowed = match needs {
        Needs::Step => who.at_step,
        Needs::Province => who.province,
    };
    if allowed {
        Ok(m)
    } else {
        Err(Refusal::NotYourTurn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use State as S;
    use StepKind as K;

    const STATES: [S; 9] = [
        S::Draft,
        S::Submitted,
        S::SubApproved,
        S::Returned,
        S::UnitRecognised,
        S::ProvinceConfirmed,
        S::Rejected,
        S::Withdrawn,
        S::Revoked,
    ];

    /// The positions a claim can really be in, per chain shape.
    fn positions() -> Vec<(&'static str, Position)> {
        let p = |state, step, next| Position { state, step, next };
        let mut out = Vec::new();
        for s in STATES {
            out.push(("no step", p(s, None, None)));
        }
        out.push((
            "三级 recognises, 二级 confirms",
            p(S::Submitted, Some(K::Recognise), Some(K::Confirm)),
        ));
        out.push((
            "unit recognises, 复审 next",
            p(S::Submitted, Some(K::Recognise), Some(K::ProvinceReview)),
        ));
        out.push((
            "二级 confirms",
            p(S::SubApproved, Some(K::Confirm), Some(K::ProvinceReview)),
        ));
        out.push((
            "省学时办 alone",
            p(S::Submitted, Some(K::ProvinceReview), None),
        ));
        out.push(("复审", p(S::UnitRecognised, Some(K::ProvinceReview), None)));
        out
    }

    const CALLERS: [(&str, Caller); 4] = [
        (
            "claimant",
            Caller {
                claimant: true,
                at_step: false,
                province: false,
            },
        ),
        (
            "step admin",
            Caller {
                claimant: false,
                at_step: true,
                province: false,
            },
        ),
        (
            "other admin",
            Caller {
                claimant: false,
                at_step: false,
                province: false,
            },
        ),
        (
            "province",
            Caller {
                claimant: false,
                at_step: false,
                province: true,
            },
        ),
    ];

    /// The legal moves, written out by hand: (state, step, action) → (to, who may).
    fn expected(at: Position, a: A) -> Option<(S, &'static str)> {
        Some(match (at.state, at.step, a) {
            (S::Submitted, Some(K::Recognise), A::Recognise) if at.next == Some(K::Confirm) => {
                (S::SubApproved, "step")
            }
            (S::Submitted, Some(K::Recognise), A::Recognise) => (S::UnitRecognised, "step"),
            (S::Submitted, Some(_), A::Return) => (S::Returned, "step"),
            (S::Submitted, Some(_), A::Reject) => (S::Rejected, "step"),
            (S::Submitted, Some(K::ProvinceReview), A::Confirm) => (S::ProvinceConfirmed, "step"),
            (S::SubApproved, Some(K::Confirm), A::Forward) => (S::UnitRecognised, "step"),
            (S::SubApproved, Some(_), A::Return) => (S::Returned, "step"),
            (S::SubApproved, Some(_), A::Reject) => (S::Rejected, "step"),
            (S::UnitRecognised, Some(K::ProvinceReview), A::Confirm) => {
                (S::ProvinceConfirmed, "step")
            }
            (S::UnitRecognised, Some(K::ProvinceReview), A::Return) => (S::Submitted, "step"),
            (S::UnitRecognised, _, A::Revoke) => (S::Revoked, "province"),
            (S::ProvinceConfirmed, None, A::Adjust) => (S::ProvinceConfirmed, "province"),
            (S::ProvinceConfirmed, None, A::Revoke) => (S::Revoked, "province"),
            _ => return None,
        })
    }

    #[test]
    fn every_state_action_caller_triple() {
        let mut legal = 0;
        for (shape, at) in positions() {
            for a in A::ALL {
                for (name, who) in CALLERS {
                    let got = decide(at, a, who);
                    let want = match expected(at, a) {
                        _ if who.claimant => Err(Refusal::OwnClaim),
                        None => Err(Refusal::Illegal),
                        Some((to, "step")) if who.at_step => Ok(to),
                        Some((to, "province")) if who.province => Ok(to),
                        Some(_) => Err(Refusal::NotYourTurn),
                    };
                    assert_eq!(
                        got.map(|m| m.to),
                        want,
                        "{shape}: {:?} {a:?} by {name}",
                        at.state
                    );
                    legal += usize::from(want.is_ok());
                }
            }
        }
        assert_eq!(legal, 18, "legal (position, action, caller) triples");
    }

    #[test]
    fn reasons_and_hours() {
        let at = Position {
            state: S::Submitted,
            step: Some(K::Recognise),
            next: Some(K::Confirm),
        };
        let step = CALLERS[1].1;
        for a in [A::Return, A::Reject] {
            assert!(decide(at, a, step).expect("legal").reason_required);
        }
        let m = decide(at, A::Recognise, step).expect("legal");
        assert_eq!((m.hours, m.reason_required), (HoursRule::MayLower, false));
        let confirmed = Position {
            state: S::ProvinceConfirmed,
            step: None,
            next: None,
        };
        let m = decide(confirmed, A::Adjust, CALLERS[3].1).expect("legal");
        assert_eq!((m.hours, m.reason_required), (HoursRule::MustLower, true));
    }
}
