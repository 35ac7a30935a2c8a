//! Dated events on a contract: notices, deaths, absences, the keys handed
//! back (GAW-10 … GAW-20, SAW-7 … SAW-12). What they add up to is the
//! [`lifecycle`](super::lifecycle).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DateRange;

/// The closed list of grounds on which the operator may end a GAW contract
/// (GAW-18).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TerminationGround {
    /// Force majeure.
    ForceMajeure,
    /// Conduct against the house rules.
    HouseRules,
    /// Conduct seriously disturbing other residents.
    SeriousDisturbance,
    /// Misconduct or conduct endangering safety (fire safety, aggression).
    Safety,
    /// Not following the aggression protocol.
    AggressionProtocol,
    /// Theft.
    Theft,
    /// Repeated non-payment of the daily price.
    RepeatedNonPayment,
    /// Incorrect or incomplete information at admission.
    IncorrectInformation,
    /// Keeping a nuisance or dangerous pet after the assistant's decision.
    NuisancePet,
}

impl fmt::Display for TerminationGround {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            TerminationGround::ForceMajeure => "force majeure",
            TerminationGround::HouseRules => "conduct against the house rules",
            TerminationGround::SeriousDisturbance => "seriously disturbing conduct",
            TerminationGround::Safety => "conduct endangering safety",
            TerminationGround::AggressionProtocol => "not following the aggression protocol",
            TerminationGround::Theft => "theft",
            TerminationGround::RepeatedNonPayment => "repeated non-payment",
            TerminationGround::IncorrectInformation => "incorrect information at admission",
            TerminationGround::NuisancePet => "nuisance pet",
        };
        f.write_str(text)
    }
}

/// The operator's grounds to end a SAW care agreement together with its
/// lease (SAW-16, house rules 4.3–4.4): an open list ("niet-limitatief"),
/// each on a reasoned proposal, unlike the closed GAW list of
/// [`TerminationGround`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SawGround {
    /// The resident's health no longer allows a stay in the flat (house
    /// rules 4.4, SAW art. 8.5): the lease's notice is extended until an
    /// admission elsewhere.
    Health,
    /// Not meeting the financial obligations: the care cost, extras.
    NonPayment,
    /// Conduct disturbing other residents, the operator's staff or others.
    DisruptiveBehaviour,
    /// Criminal acts.
    CriminalActs,
    /// Another ground, named: the list is open.
    Other(String),
}

impl fmt::Display for SawGround {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SawGround::Health => f.write_str("health reasons"),
            SawGround::NonPayment => f.write_str("not meeting the financial obligations"),
            SawGround::DisruptiveBehaviour => f.write_str("disruptive behaviour"),
            SawGround::CriminalActs => f.write_str("criminal acts"),
            SawGround::Other(ground) => f.write_str(ground),
        }
    }
}

/// Something that happened to a contract, on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
#[serde(deny_unknown_fields)]
pub enum Event {
    /// Written notice by the resident(s) after admission (GAW-17): 30 days,
    /// 7 in the trial period, from the day after it reached both addressees.
    /// By one of two residents, it ends only that resident's stay: the
    /// other stays on the same terms (GAW-19, GAW-20, SAW-15).
    ResidentNotice {
        /// The day the written notice reached the first (or both) of its
        /// addressees, the housing assistant and the administration (art.
        /// 8.4.1).
        notified_on: NaiveDate,
        /// The day it reached the other addressee, when later: the term
        /// starts the day after it (GAW-17).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        second_receipt_on: Option<NaiveDate>,
        /// The resident who gives notice, when one of two does and the
        /// other stays; `None`: the notice of the whole contract.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resident: Option<String>,
    },
    /// A formal notice (aanmaning) for one ground, a precondition of the
    /// operator's notice (GAW-18).
    FormalNotice {
        /// The day it was sent.
        on: NaiveDate,
        /// The ground it warns about.
        ground: TerminationGround,
    },
    /// The written invitation to a hearing, a precondition of the
    /// operator's notice (GAW-18).
    HearingInvitation {
        /// The day it was sent.
        on: NaiveDate,
    },
    /// Notice by the operator, by letter (GAW-18): 60 days, 7 in the trial
    /// period, from the day after.
    OperatorNotice {
        /// The day of the letter.
        notified_on: NaiveDate,
        /// The ground, from the closed list.
        ground: TerminationGround,
    },
    /// End of a GAW contract for health reasons (GAW-16): the operator's
    /// notice period, extended until the admission elsewhere.
    HealthTermination {
        /// The day the decision was notified.
        notified_on: NaiveDate,
        /// The day of admission at the new place, once known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        placement_on: Option<NaiveDate>,
    },
    /// The operator's reasoned proposal to end a SAW care agreement and its
    /// lease, made to the housing company (SAW-16, SAW-12): the agreement
    /// ends when the housing company ends the lease ([`Event::LeaseEnded`]);
    /// on health grounds the lease runs on until the admission elsewhere.
    OperatorProposal {
        /// The day of the proposal.
        proposed_on: NaiveDate,
        /// The ground, from an open list.
        ground: SawGround,
        /// Why: the proposal must be reasoned ("gemotiveerd voorstel").
        reasons: String,
        /// On health grounds, the day of admission at the new place, once
        /// known: the lease is extended until the day before it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        placement_on: Option<NaiveDate>,
    },
    /// The death of a resident (GAW-15, SAW-11).
    Death {
        /// Which resident.
        resident: String,
        /// The day of death.
        on: NaiveDate,
    },
    /// A second resident joining a running contract (GAW-20: one contract
    /// covers one or two residents): listed in the contract's residents, in
    /// the flat from `on`.
    ResidentJoined {
        /// Which resident, from the contract's residents.
        resident: String,
        /// The first day in the flat.
        on: NaiveDate,
    },
    /// A resident who leaves while the other stays, such as a partner moving
    /// to a care home (GAW-19) or leaving the lease (SAW-10).
    ResidentLeft {
        /// Which resident.
        resident: String,
        /// The last day they lived in the flat.
        on: NaiveDate,
    },
    /// The keys handed back after the death of the last resident: the end
    /// of the clearance window (GAW-15).
    KeysReturned {
        /// The day.
        on: NaiveDate,
    },
    /// The clearance window, extended by agreement (GAW-15).
    ClearanceExtended {
        /// The last day of the extended window.
        until: NaiveDate,
    },
    /// The inventory of the flat at the end of the stay, drawn up and
    /// checked against the one at admission (GAW contract art. 4.5–4.6,
    /// GAW-21): only after it is the settlement final and the deposit
    /// released (GAW-27).
    InventoryChecked {
        /// The day of the check.
        on: NaiveDate,
    },
    /// The flat is occupied again by someone else (GAW-12, GAW-15, SAW-9).
    Reoccupied {
        /// The first day of the new occupancy.
        on: NaiveDate,
    },
    /// A temporary absence: hospital, holiday; still billed (GAW-10, SAW-7).
    Absence {
        /// The days away.
        period: DateRange,
        /// Why, for the record.
        #[serde(default)]
        reason: String,
    },
    /// The end of the lease of a SAW flat (SAW-9, SAW-10, SAW-12).
    LeaseEnded {
        /// The last day of the lease.
        lease_end: NaiveDate,
        /// The day the resident physically left, if before the lease's end.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        left_on: Option<NaiveDate>,
    },
    /// Cancellation by the candidate before admission (GAW-14).
    PreAdmissionCancellation {
        /// The day of the admissible notice.
        notified_on: NaiveDate,
        /// The fee, in daily prices; at most 14.
        fee_days: u32,
    },
    /// The candidate died before admission: nothing is owed (GAW-14, SAW-11).
    CandidateDied {
        /// The day of death.
        on: NaiveDate,
    },
}

impl Event {
    /// The day the event happened.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// let keys = Event::KeysReturned { on: care_core::calendar::date(2026, 6, 13)? };
    /// assert_eq!(keys.date().to_string(), "2026-06-13");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn date(&self) -> NaiveDate {
        match self {
            Event::ResidentNotice { notified_on, .. }
            | Event::OperatorNotice { notified_on, .. }
            | Event::HealthTermination { notified_on, .. }
            | Event::OperatorProposal {
                proposed_on: notified_on,
                ..
            }
            | Event::PreAdmissionCancellation { notified_on, .. } => *notified_on,
            Event::FormalNotice { on, .. }
            | Event::HearingInvitation { on }
            | Event::Death { on, .. }
            | Event::ResidentJoined { on, .. }
            | Event::ResidentLeft { on, .. }
            | Event::KeysReturned { on }
            | Event::InventoryChecked { on }
            | Event::Reoccupied { on }
            | Event::CandidateDied { on } => *on,
            Event::ClearanceExtended { until } => *until,
            Event::Absence { period, .. } => period.start(),
            Event::LeaseEnded { lease_end, left_on } => left_on.unwrap_or(*lease_end),
        }
    }

    /// True for the events that close a flat after its contract ended:
    /// keys, a clearance extension, the inventory check, a new occupancy.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// let on = care_core::calendar::date(2026, 6, 13)?;
    /// assert!(Event::KeysReturned { on }.is_closing());
    /// assert!(!Event::ResidentNotice { notified_on: on, second_receipt_on: None, resident: None }.is_closing());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn is_closing(&self) -> bool {
        matches!(
            self,
            Event::KeysReturned { .. }
                | Event::ClearanceExtended { .. }
                | Event::InventoryChecked { .. }
                | Event::Reoccupied { .. }
        )
    }

    /// A short name for messages.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// let on = care_core::calendar::date(2026, 6, 13)?;
    /// assert_eq!(Event::Death { resident: "r1".into(), on }.name(), "death");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Event::ResidentNotice { .. } => "resident notice",
            Event::FormalNotice { .. } => "formal notice",
            Event::HearingInvitation { .. } => "hearing invitation",
            Event::OperatorNotice { .. } => "operator notice",
            Event::HealthTermination { .. } => "health termination",
            Event::OperatorProposal { .. } => "operator proposal",
            Event::Death { .. } => "death",
            Event::ResidentJoined { .. } => "resident joined",
            Event::ResidentLeft { .. } => "resident left",
            Event::KeysReturned { .. } => "keys returned",
            Event::ClearanceExtended { .. } => "clearance extended",
            Event::InventoryChecked { .. } => "inventory checked",
            Event::Reoccupied { .. } => "reoccupied",
            Event::Absence { .. } => "absence",
            Event::LeaseEnded { .. } => "lease ended",
            Event::PreAdmissionCancellation { .. } => "pre-admission cancellation",
            Event::CandidateDied { .. } => "candidate died",
        }
    }
}
