//! The life the events of a contract add up to: when the stay starts,
//! until which day it is billed and why it ended (GAW-10 … GAW-20, SAW-7 …
//! SAW-12).

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::assisted_living::agreement::{Agreement, ContractData};
use crate::assisted_living::event::{Event, SawGround, TerminationGround};
use crate::assisted_living::facility::Terms;
use crate::{DateRange, Error};

/// Why a stay ends where it ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum EndReason {
    /// The resident's notice (GAW-17); `term` is the notice period.
    ResidentNotice {
        /// The notice period.
        term: DateRange,
        /// Whether the notice fell in the trial period.
        trial: bool,
    },
    /// The operator's notice (GAW-18).
    OperatorNotice {
        /// The notice period.
        term: DateRange,
        /// The ground.
        ground: TerminationGround,
        /// Whether the notice fell in the trial period.
        trial: bool,
    },
    /// Health reasons, notice extended until the placement (GAW-16).
    Health {
        /// The day of admission elsewhere.
        placement_on: NaiveDate,
    },
    /// The death of the last resident (GAW-15, SAW-11); GAW bills the
    /// clearance window after it.
    Death {
        /// The day of death.
        on: NaiveDate,
        /// The days of the clearance window that are billed (GAW only).
        window: Option<DateRange>,
    },
    /// The end of the lease (SAW-9, SAW-10).
    LeaseEnded {
        /// The lease's last day.
        lease_end: NaiveDate,
    },
    /// The end of the lease on the operator's reasoned proposal (SAW-16).
    OperatorProposal {
        /// The day of the proposal.
        proposed_on: NaiveDate,
        /// The ground.
        ground: SawGround,
        /// The lease's last day, extended on health grounds until the day
        /// before the admission elsewhere.
        lease_end: NaiveDate,
        /// The day of admission elsewhere (health grounds).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        placement_on: Option<NaiveDate>,
    },
    /// The flat was occupied again within the notice period or the
    /// clearance window (GAW-12, GAW-15, SAW-9).
    Reoccupied {
        /// The first day of the new occupancy.
        on: NaiveDate,
    },
}

/// A cancellation before admission (GAW-14).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    /// The day of the notice, or of the candidate's death.
    pub on: NaiveDate,
    /// The fee in daily prices; 0 when the candidate died.
    pub fee_days: u32,
}

/// What the events of a contract add up to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifecycle {
    start: NaiveDate,
    cancellation: Option<Cancellation>,
    last_day: Option<NaiveDate>,
    end_reason: Option<EndReason>,
    last_death: Option<NaiveDate>,
    absences: Vec<DateRange>,
    departures: Vec<(String, NaiveDate)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    arrivals: Vec<(String, NaiveDate)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    inventory_checked: Option<NaiveDate>,
}

/// The state while replaying events in date order.
struct Replay<'a> {
    data: &'a ContractData,
    terms: &'a Terms,
    start: NaiveDate,
    present: Vec<&'a str>,
    formal_notices: Vec<(NaiveDate, TerminationGround)>,
    hearing_invitations: Vec<NaiveDate>,
    cancellation: Option<Cancellation>,
    /// The end of the contract itself, before any window.
    ends_on: Option<NaiveDate>,
    end: Option<(NaiveDate, EndReason)>,
    /// Health termination without a placement yet: open-ended.
    health_pending: Option<NaiveDate>,
    /// The operator's proposal to end a SAW agreement (SAW-16): its day,
    /// ground and the admission elsewhere.
    proposal: Option<(NaiveDate, &'a SawGround, Option<NaiveDate>)>,
    death: Option<NaiveDate>,
    keys: Option<NaiveDate>,
    clearance_until: Option<NaiveDate>,
    reoccupied: Option<NaiveDate>,
    inventory_checked: Option<NaiveDate>,
    absences: Vec<DateRange>,
    departures: Vec<(String, NaiveDate)>,
    arrivals: Vec<(String, NaiveDate)>,
    /// A resident whose own notice (one of two) ends their stay on the
    /// term's last day, with that term (GAW-19).
    leaving: Vec<(String, NaiveDate, DateRange, bool)>,
}

impl Lifecycle {
    /// Replays a contract's events in date order and validates each against
    /// the state before it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidEvent`] naming the contract, the event and its date:
    /// an event before admission (other than a cancellation or the
    /// candidate's death), after the contract ended, a notice type that does
    /// not exist for GAW or SAW, an operator notice without a prior formal
    /// notice for its ground or without a hearing invitation (GAW-18), a
    /// cancellation fee above 14 daily prices (GAW-14), a death or departure
    /// of an unknown or absent resident, keys or a clearance extension
    /// without a death, a re-occupation outside a notice period or window,
    /// an operator's proposal to end a SAW agreement without reasons, a
    /// second one, or with an admission elsewhere on other than health
    /// grounds (SAW-16).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// use care_core::assisted_living::lifecycle::Lifecycle;
    /// use care_core::assisted_living::facility::Terms;
    /// use chrono::NaiveDate;
    /// let facility = care_core::sample::antoniushof_2020()?;
    /// let mut data = care_core::sample::gaw_contract(&facility, "AH-1", "B01", "2025-01-01")?.data().clone();
    /// let d = |day| care_core::calendar::date(2026, 6, day);
    /// data.events.push(Event::Death { resident: "r1".into(), on: d(10)? });
    /// data.events.push(Event::KeysReturned { on: d(13)? });
    /// let life = Lifecycle::derive(&data, &Terms::default())?;
    /// assert_eq!(life.last_billable_day(), Some(d(13)?)); // GAW-15
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn derive(data: &ContractData, terms: &Terms) -> Result<Lifecycle, Error> {
        let mut events: Vec<&Event> = data.events.iter().collect();
        // On one day, what ends the contract comes before the clearance.
        events.sort_by_key(|e| (e.date(), e.is_closing()));
        // A resident who joins later is not in the flat from the start.
        let joins = |id: &str| {
            data.events
                .iter()
                .any(|e| matches!(e, Event::ResidentJoined { resident, .. } if resident == id))
        };
        let mut replay = Replay {
            data,
            terms,
            start: data.agreement.start(),
            present: data
                .residents
                .iter()
                .map(|r| r.id.as_str())
                .filter(|id| !joins(id))
                .collect(),
            formal_notices: Vec::new(),
            hearing_invitations: Vec::new(),
            cancellation: None,
            ends_on: None,
            end: None,
            health_pending: None,
            proposal: None,
            death: None,
            keys: None,
            clearance_until: None,
            reoccupied: None,
            inventory_checked: None,
            absences: Vec::new(),
            departures: Vec::new(),
            arrivals: Vec::new(),
            leaving: Vec::new(),
        };
        for event in events {
            replay.leave_until(event.date());
            replay.apply(event)?;
        }
        replay.leave_until(NaiveDate::MAX);
        Ok(replay.finish())
    }

    /// The first day of the stay (admission, or SAW care start).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// assert_eq!(life.start(), d(3, 1)?);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The cancellation before admission, if any (GAW-14).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// assert!(life.cancellation().is_none()); // admitted, not cancelled
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn cancellation(&self) -> Option<Cancellation> {
        self.cancellation
    }

    /// The last day the daily price is due; `None` while the stay is open.
    /// Also `None` for a contract cancelled before admission, which has no
    /// stay: see [`Lifecycle::stay`].
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// // GAW-15: billed through the day the keys came back.
    /// assert_eq!(life.last_billable_day(), Some(d(6, 13)?));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn last_billable_day(&self) -> Option<NaiveDate> {
        self.last_day
    }

    /// Why the stay ends, once known.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// assert!(matches!(life.end_reason(), Some(care_core::assisted_living::lifecycle::EndReason::Death { .. })));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn end_reason(&self) -> Option<&EndReason> {
        self.end_reason.as_ref()
    }

    /// The day the last resident died, if all have.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// assert_eq!(life.last_death(), Some(d(6, 10)?));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn last_death(&self) -> Option<NaiveDate> {
        self.last_death
    }

    /// The day the inventory of the flat at the end of the stay was checked
    /// (GAW contract art. 4.6), if it was: the final settlement waits for
    /// it (GAW-27).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// assert_eq!(c.lifecycle().inventory_checked(), None);
    /// c.record(Event::InventoryChecked { on: d(6, 20)? }, &f)?;
    /// assert_eq!(c.lifecycle().inventory_checked(), Some(d(6, 20)?));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn inventory_checked(&self) -> Option<NaiveDate> {
        self.inventory_checked
    }

    /// Recorded absences (billed all the same: GAW-10, SAW-7).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// assert!(life.absences().is_empty());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn absences(&self) -> &[DateRange] {
        &self.absences
    }

    /// The day each departed resident died or left, by resident id.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// assert_eq!(life.departures(), [("r1".to_string(), d(6, 10)?)]);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn departures(&self) -> &[(String, NaiveDate)] {
        &self.departures
    }

    /// True when resident `id` still lived in the flat on `day` (or, for a
    /// contract that never started, was a candidate).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// assert!(life.lives_on("r1", d(6, 9)?));
    /// assert!(!life.lives_on("r1", d(6, 11)?));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn lives_on(&self, id: &str, day: NaiveDate) -> bool {
        self.lives_during(id, DateRange::day(day))
    }

    /// Whether resident `id` lived in the flat on some day of `days`.
    pub fn lives_during(&self, id: &str, days: DateRange) -> bool {
        !self
            .departures
            .iter()
            .any(|(r, on)| r == id && *on < days.start())
            && !self
                .arrivals
                .iter()
                .any(|(r, on)| r == id && days.end() < *on)
    }

    /// Residents who joined a running contract, with their first day
    /// (GAW-20).
    pub fn arrivals(&self) -> &[(String, NaiveDate)] {
        &self.arrivals
    }

    /// True when the contract never started: cancelled before admission.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// assert!(!life.is_cancelled());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn is_cancelled(&self) -> bool {
        self.cancellation.is_some()
    }

    /// The billable days of the stay up to `until` (included), if any.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// assert_eq!(life.stay(d(12, 31)?).map(|s| s.days()), Some(105)); // 1 March – 13 June
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn stay(&self, until: NaiveDate) -> Option<DateRange> {
        if self.cancellation.is_some() {
            return None;
        }
        let end = self.last_day.map_or(until, |last| last.min(until));
        DateRange::new(self.start, end).ok()
    }

    /// The days on which extra charges may be dated: the stay, but never
    /// after the death of the last resident (GAW-15, SAW-11). `None` when the
    /// contract has no stay.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::event::Event;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01")?;
    /// # let d = |m, day| care_core::calendar::date(2026, m, day);
    /// c.record(Event::Death { resident: "r1".into(), on: d(6, 10)? }, &f)?;
    /// c.record(Event::KeysReturned { on: d(6, 13)? }, &f)?;
    /// let life = c.lifecycle();
    /// // No extra may be dated after the death (GAW-15).
    /// assert_eq!(life.extras_period().map(|p| p.end()), Some(d(6, 10)?));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn extras_period(&self) -> Option<DateRange> {
        if self.cancellation.is_some() {
            return None;
        }
        let end = match (self.last_day, self.last_death) {
            (Some(last), Some(death)) => Some(last.min(death)),
            (last, death) => last.or(death),
        };
        match end {
            Some(end) => DateRange::new(self.start, end).ok(),
            None => DateRange::new(self.start, NaiveDate::MAX).ok(),
        }
    }
}

fn days(n: u32) -> Duration {
    Duration::days(n.into())
}

impl<'a> Replay<'a> {
    fn fail(&self, event: &Event, reason: impl Into<String>) -> Error {
        Error::InvalidEvent {
            contract: self.data.id.to_string(),
            event: event.name(),
            date: event.date(),
            reason: reason.into(),
        }
    }

    fn is_gaw(&self) -> bool {
        matches!(self.data.agreement, Agreement::Gaw { .. })
    }

    fn in_trial(&self, day: NaiveDate) -> bool {
        // GAW-17 Decision: the admission day is day 1; day 30 is in the trial.
        day < self.start + days(self.terms.trial_days)
    }

    fn set_end(&mut self, day: NaiveDate, reason: EndReason) {
        if self.end.as_ref().is_none_or(|(current, _)| day < *current) {
            self.end = Some((day, reason));
        }
    }

    /// Residents whose own notice's term ended before `day` leave the flat;
    /// one who is the last by then ends the contract with that term
    /// instead (GAW-20).
    fn leave_until(&mut self, day: NaiveDate) {
        while let Some(k) = self.leaving.iter().position(|(_, last, ..)| *last < day) {
            let (resident, last, term, trial) = self.leaving.remove(k);
            let Some(position) = self.present.iter().position(|r| *r == resident) else {
                continue;
            };
            if self.present.len() > 1 {
                self.present.remove(position);
                self.departures.push((resident, last));
            } else if self.death.is_none() {
                self.set_end(last, EndReason::ResidentNotice { term, trial });
                if self.ends_on.is_none_or(|e| last < e) {
                    self.ends_on = Some(last);
                }
            }
        }
    }

    fn apply(&mut self, event: &'a Event) -> Result<(), Error> {
        let date = event.date();
        if let Some(c) = self.cancellation {
            return Err(self.fail(
                event,
                format!("the contract was cancelled before admission on {}", c.on),
            ));
        }
        let before_start = date < self.start;
        match event {
            Event::PreAdmissionCancellation { .. } | Event::CandidateDied { .. }
                if !before_start =>
            {
                return Err(self.fail(
                    event,
                    format!(
                        "the stay started on {}; record a notice or a death instead",
                        self.start
                    ),
                ));
            }
            Event::PreAdmissionCancellation { .. } | Event::CandidateDied { .. } => {}
            _ if before_start => {
                return Err(self.fail(
                    event,
                    format!("it is before the stay starts on {}", self.start),
                ));
            }
            _ => {}
        }
        // After the contract itself has ended only the clearance of the flat
        // can still happen.
        let closing = event.is_closing();
        if let Some(ended) = self.ends_on.filter(|e| date > *e && !closing) {
            return Err(self.fail(event, format!("the contract ended on {ended}")));
        }
        match event {
            Event::ResidentNotice {
                notified_on,
                second_receipt_on,
                resident,
            } => {
                // GAW-17: admissible once it reached both addressees; the
                // term starts the day after the later receipt.
                let received = match second_receipt_on {
                    Some(second) if second < notified_on => {
                        return Err(self.fail(
                            event,
                            format!("the second receipt on {second} is before the first on {notified_on}"),
                        ));
                    }
                    Some(second) => *second,
                    None => *notified_on,
                };
                let alone = match resident {
                    None => None,
                    Some(r) if !self.present.contains(&r.as_str()) => {
                        let known = self.data.residents.iter().any(|x| &x.id == r);
                        let why = if known {
                            "is not living in the flat"
                        } else {
                            "is not a resident of the contract"
                        };
                        return Err(self.fail(event, format!("resident {r} {why}")));
                    }
                    // GAW-19, GAW-20, SAW-15: one of two gives notice; the
                    // other stays.
                    Some(r) if self.present.len() > 1 => Some(r.clone()),
                    // The last resident's notice is the contract's.
                    Some(_) => None,
                };
                if alone.is_none() && !self.is_gaw() {
                    return Err(self.fail(event, "a SAW agreement ends only together with its lease (SAW-12); record the lease end"));
                }
                let trial = self.in_trial(received);
                let length = if trial {
                    self.terms.resident_trial_notice_days
                } else {
                    self.terms.resident_notice_days
                };
                let term = DateRange::new(received + days(1), received + days(length))?;
                match alone {
                    Some(r) => self.leaving.push((r, term.end(), term, trial)),
                    None => self.set_end(term.end(), EndReason::ResidentNotice { term, trial }),
                }
            }
            Event::ResidentJoined { resident, on } => {
                let data: &'a ContractData = self.data;
                let Some(listed) = data.residents.iter().find(|r| &r.id == resident) else {
                    return Err(self.fail(
                        event,
                        format!("resident {resident} is not listed in the contract's residents"),
                    ));
                };
                if *on <= self.start {
                    return Err(self.fail(
                        event,
                        format!(
                            "the stay starts on {}; a resident there from the start does not join",
                            self.start
                        ),
                    ));
                }
                if self.arrivals.iter().any(|(r, _)| r == resident) {
                    return Err(self.fail(event, format!("resident {resident} already joined")));
                }
                if self.death.is_some()
                    || self.end.is_some()
                    || self.health_pending.is_some()
                    || self.proposal.is_some()
                {
                    return Err(
                        self.fail(event, "the contract is ending; a resident cannot join it")
                    );
                }
                if self.present.len() >= 2 {
                    return Err(
                        self.fail(event, "a contract covers at most two residents (GAW-20)")
                    );
                }
                self.present.push(listed.id.as_str());
                self.arrivals.push((resident.clone(), *on));
            }
            Event::FormalNotice { on, ground } => self.formal_notices.push((*on, *ground)),
            Event::HearingInvitation { on } => self.hearing_invitations.push(*on),
            Event::OperatorNotice {
                notified_on,
                ground,
            } => {
                if !self.is_gaw() {
                    return Err(self.fail(event, "the operator ends a SAW agreement through the lease, on a reasoned proposal to the housing company (SAW-12, SAW-16); record the proposal and the lease end"));
                }
                if !self
                    .formal_notices
                    .iter()
                    .any(|(on, g)| on < notified_on && g == ground)
                {
                    return Err(self.fail(
                        event,
                        format!("no formal notice for {ground} was sent before it (GAW-18)"),
                    ));
                }
                if !self.hearing_invitations.iter().any(|on| on < notified_on) {
                    return Err(self.fail(
                        event,
                        "no written invitation to a hearing was sent before it (GAW-18)",
                    ));
                }
                let trial = self.in_trial(*notified_on);
                let length = if trial {
                    self.terms.operator_trial_notice_days
                } else {
                    self.terms.operator_notice_days
                };
                let term = DateRange::new(*notified_on + days(1), *notified_on + days(length))?;
                self.set_end(
                    term.end(),
                    EndReason::OperatorNotice {
                        term,
                        ground: *ground,
                        trial,
                    },
                );
            }
            Event::HealthTermination {
                notified_on,
                placement_on,
            } => {
                if !self.is_gaw() {
                    return Err(self.fail(event, "for SAW the housing company ends the lease for health reasons on the operator's proposal (SAW-16); record the proposal on health grounds and the lease end"));
                }
                let regular = *notified_on + days(self.terms.operator_notice_days);
                match placement_on {
                    Some(placement) if placement <= notified_on => {
                        return Err(self.fail(
                            event,
                            format!("the placement on {placement} is not after the notification"),
                        ));
                    }
                    // GAW-16: the notice period runs at least its normal
                    // length and is extended until the day before the
                    // admission elsewhere.
                    Some(placement) => {
                        let last = regular.max(*placement - days(1));
                        self.set_end(
                            last,
                            EndReason::Health {
                                placement_on: *placement,
                            },
                        );
                    }
                    None => self.health_pending = Some(*notified_on),
                }
            }
            Event::OperatorProposal {
                proposed_on,
                ground,
                reasons,
                placement_on,
            } => {
                if self.is_gaw() {
                    return Err(self.fail(event, "the operator ends a GAW contract by notice on a ground of the closed list (GAW-18); record an operator notice"));
                }
                if reasons.trim().is_empty() {
                    return Err(self.fail(
                        event,
                        "the proposal gives no reasons; the operator ends a SAW agreement only on a reasoned proposal (SAW-16)",
                    ));
                }
                if matches!(ground, SawGround::Other(name) if name.trim().is_empty()) {
                    return Err(self.fail(event, "the other ground has no name (SAW-16)"));
                }
                if let Some((earlier, ..)) = self.proposal {
                    return Err(self.fail(
                        event,
                        format!("the operator already proposed an end on {earlier}"),
                    ));
                }
                match placement_on {
                    Some(_) if *ground != SawGround::Health => {
                        return Err(self.fail(event, format!("an admission elsewhere extends the lease only on health grounds (SAW-16), not on {ground}")));
                    }
                    Some(placement) if placement <= proposed_on => {
                        return Err(self.fail(
                            event,
                            format!("the placement on {placement} is not after the proposal"),
                        ));
                    }
                    _ => {}
                }
                self.proposal = Some((*proposed_on, ground, *placement_on));
            }
            Event::Death { resident, on } | Event::ResidentLeft { resident, on } => {
                let Some(position) = self.present.iter().position(|r| r == resident) else {
                    let known = self.data.residents.iter().any(|r| &r.id == resident);
                    let why = if known {
                        "is no longer living in the flat"
                    } else {
                        "is not a resident of the contract"
                    };
                    return Err(self.fail(event, format!("resident {resident} {why}")));
                };
                let is_death = matches!(event, Event::Death { .. });
                if !is_death && self.present.len() == 1 {
                    return Err(self.fail(event, format!(
                        "{resident} is the last resident; the contract ends only by notice, death or the end of the lease (GAW-20, SAW-10)"
                    )));
                }
                self.present.remove(position);
                self.departures.push((resident.clone(), *on));
                if self.present.is_empty() {
                    // GAW-15, SAW-11: the contract ends by law on the day of
                    // death of the last resident.
                    self.death = Some(*on);
                    self.ends_on = Some(*on);
                }
            }
            Event::KeysReturned { on } => {
                let Some(death) = self.death else {
                    return Err(self.fail(event, "keys are handed back after the death of the last resident (GAW-15); record that first"));
                };
                if !self.is_gaw() {
                    return Err(self.fail(event, "for SAW the clearance follows the lease (SAW-11); nothing is charged after the death"));
                }
                if self.keys.is_some() {
                    return Err(self.fail(event, "keys were already handed back"));
                }
                // Sorted replay: the death is never after the keys.
                self.keys = Some((*on).max(death));
            }
            Event::ClearanceExtended { until } => {
                let Some(death) = self.death.filter(|_| self.is_gaw()) else {
                    return Err(self.fail(event, "the clearance window follows the death of the last resident of a GAW contract (GAW-15)"));
                };
                if *until <= death + days(self.terms.clearance_days) {
                    return Err(self.fail(
                        event,
                        format!(
                            "it does not extend the {}-day window that ends on {}",
                            self.terms.clearance_days,
                            death + days(self.terms.clearance_days)
                        ),
                    ));
                }
                self.clearance_until = Some(*until);
            }
            Event::InventoryChecked { on } => {
                if !self.is_gaw() {
                    return Err(self.fail(event, "the SAW care agreement has no inventory of the flat; the lease with the housing company governs it"));
                }
                if self.end.is_none() && self.death.is_none() {
                    return Err(self.fail(event, "the inventory at the end of the stay needs the stay's end (a notice, a death) recorded first (GAW-27)"));
                }
                if self.inventory_checked.is_some() {
                    return Err(self.fail(event, "the inventory of the flat was already checked"));
                }
                self.inventory_checked = Some(*on);
            }
            Event::Reoccupied { on } => {
                let end = self.end.as_ref().map(|(d, _)| *d);
                let window_end = self.death.map(|d| d + days(self.terms.clearance_days));
                let running = self.health_pending.is_some()
                    || end.is_some_and(|e| *on <= e)
                    || window_end
                        .is_some_and(|w| self.is_gaw() && *on <= self.clearance_until.unwrap_or(w));
                if !running {
                    return Err(self.fail(event, "the flat can only be re-occupied within a notice period or clearance window (GAW-12, GAW-15, SAW-9)"));
                }
                if self.reoccupied.is_some() {
                    return Err(self.fail(event, "the flat was already re-occupied"));
                }
                self.reoccupied = Some(*on);
            }
            Event::Absence { period, .. } => self.absences.push(*period),
            Event::LeaseEnded { lease_end, left_on } => {
                if self.is_gaw() {
                    return Err(self.fail(
                        event,
                        "a GAW admission contract has no lease; record a notice",
                    ));
                }
                // SAW-16: on health grounds (the only ones a proposal takes
                // a placement on) the lease's notice is extended until the
                // admission elsewhere can start.
                let (lease_end, reason) = match self.proposal {
                    Some((proposed_on, ground, placement_on)) => {
                        let extended = placement_on.map_or(*lease_end, |placement| {
                            (*lease_end).max(placement - days(1))
                        });
                        let reason = EndReason::OperatorProposal {
                            proposed_on,
                            ground: ground.clone(),
                            lease_end: extended,
                            placement_on,
                        };
                        (extended, reason)
                    }
                    None => (
                        *lease_end,
                        EndReason::LeaseEnded {
                            lease_end: *lease_end,
                        },
                    ),
                };
                if let Some(left) = left_on {
                    if *left > lease_end {
                        return Err(self.fail(event, format!("the resident cannot leave on {left}, after the lease ends on {lease_end}")));
                    }
                }
                let awaiting_placement =
                    matches!(self.proposal, Some((_, SawGround::Health, None)));
                if awaiting_placement && left_on.is_none() {
                    // The lease runs on until an admission elsewhere that is
                    // not known yet: the stay stays open.
                    self.health_pending = self.proposal.map(|(on, ..)| on);
                } else {
                    // SAW-9: charged up to and including the day the
                    // resident physically left.
                    let last = left_on.unwrap_or(lease_end);
                    self.set_end(last, reason);
                    self.ends_on = Some(self.ends_on.map_or(last, |e| e.min(last)));
                }
            }
            Event::PreAdmissionCancellation {
                notified_on,
                fee_days,
            } => {
                if !self.is_gaw() {
                    return Err(self.fail(
                        event,
                        "a SAW agreement has no cancellation fee; the lease governs a withdrawal",
                    ));
                }
                if *fee_days > self.terms.max_cancellation_fee_days {
                    return Err(self.fail(
                        event,
                        format!(
                            "a fee of {fee_days} daily prices is more than the {} allowed (GAW-14)",
                            self.terms.max_cancellation_fee_days
                        ),
                    ));
                }
                self.cancellation = Some(Cancellation {
                    on: *notified_on,
                    fee_days: *fee_days,
                });
            }
            Event::CandidateDied { on } => {
                // GAW-14, SAW-11: a candidate who dies before admission owes
                // nothing.
                self.cancellation = Some(Cancellation {
                    on: *on,
                    fee_days: 0,
                });
            }
        }
        if let Some((end, _)) = &self.end {
            if self.ends_on.is_none_or(|e| *end < e) && self.death.is_none() {
                self.ends_on = Some(*end);
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Lifecycle {
        if let Some(death) = self.death {
            let reason;
            let mut last = death;
            if self.is_gaw() {
                // GAW-15 Decision: the daily price runs through the day of
                // death and each day of the window until the keys are handed
                // back, at most the window or its agreed extension.
                let window_end = self
                    .clearance_until
                    .unwrap_or(death + days(self.terms.clearance_days));
                last = self.keys.map_or(window_end, |k| k.min(window_end));
                let window = (last > death)
                    .then(|| DateRange::new(death + days(1), last).ok())
                    .flatten();
                reason = EndReason::Death { on: death, window };
            } else {
                reason = EndReason::Death {
                    on: death,
                    window: None,
                };
            }
            // A notice that ended the contract before the death stays.
            if self.end.as_ref().is_none_or(|(end, _)| *end >= death) {
                self.end = Some((last, reason));
            }
        }
        if let Some(on) = self.reoccupied {
            let day_before = on - days(1);
            if self.end.as_ref().is_none_or(|(end, _)| day_before < *end) {
                self.end = Some((
                    day_before.max(self.start - days(1)),
                    EndReason::Reoccupied { on },
                ));
            }
        }
        let (last_day, end_reason) = match self.end {
            Some((day, reason)) => (Some(day), Some(reason)),
            None => (None, None),
        };
        Lifecycle {
            start: self.start,
            cancellation: self.cancellation,
            last_day,
            end_reason,
            last_death: self.death,
            absences: self.absences,
            departures: self.departures,
            arrivals: self.arrivals,
            inventory_checked: self.inventory_checked,
        }
    }
}
