//! Dunning (GAW-9): a ladder of steps with waiting times, and for any date,
//! where a payer stands on it and for which invoices. The day it reaches the
//! formal notice is what a service records on its contract (for assisted
//! living, the precondition of the operator's notice, GAW-18).

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::receivables::invoice::InvoiceNumber;
use crate::receivables::ledger::Statement;
use crate::{ContractId, Error, PayerId};

/// A step of the dunning ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DunningStepKind {
    /// The social worker contacts the resident to find the cause.
    SocialWorkerContact,
    /// A first letter asking for payment.
    FirstLetter,
    /// A second reminder.
    SecondReminder,
    /// The formal notice (aanmaning, ingebrekestelling).
    FormalNotice,
}

/// One rung: its step and how many days after the due date it is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rung {
    /// The step.
    pub step: DunningStepKind,
    /// Days after the due date of the oldest unpaid invoice.
    pub days_overdue: u32,
}

/// The ladder, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningLadder {
    rungs: Vec<Rung>,
}

impl Default for DunningLadder {
    /// The GAW ladder of the contract (art. 3.2): social worker, 1st letter,
    /// 2nd reminder, formal notice. **Decision:** the contract names no
    /// waiting times; the default is 1, 15, 30 and 45 days after the due
    /// date, and an operator sets its own with [`DunningLadder::new`].
    fn default() -> DunningLadder {
        DunningLadder {
            rungs: vec![
                Rung {
                    step: DunningStepKind::SocialWorkerContact,
                    days_overdue: 1,
                },
                Rung {
                    step: DunningStepKind::FirstLetter,
                    days_overdue: 15,
                },
                Rung {
                    step: DunningStepKind::SecondReminder,
                    days_overdue: 30,
                },
                Rung {
                    step: DunningStepKind::FormalNotice,
                    days_overdue: 45,
                },
            ],
        }
    }
}

/// Where a payer stands on the ladder on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningStatus {
    /// The contract.
    pub contract: ContractId,
    /// The payer.
    pub payer: PayerId,
    /// The day.
    pub at: NaiveDate,
    /// The step reached, if any.
    pub step: Option<DunningStepKind>,
    /// Since when that step applies.
    pub since: Option<NaiveDate>,
    /// The overdue invoices.
    pub invoices: Vec<InvoiceNumber>,
}

impl DunningStatus {
    /// The day of the formal notice, once the ladder reached it: what a
    /// service records on the contract (GAW-9b, GAW-18).
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::dunning::{DunningStatus, DunningStepKind};
    /// let on = care_core::calendar::date(2026, 6, 1)?;
    /// let mut status = DunningStatus {
    ///     contract: "AH-1".parse()?, payer: "p1".parse()?, at: care_core::calendar::date(2026, 6, 30)?,
    ///     step: Some(DunningStepKind::SecondReminder), since: Some(on), invoices: vec![],
    /// };
    /// assert_eq!(status.formal_notice_on(), None);
    /// status.step = Some(DunningStepKind::FormalNotice);
    /// assert_eq!(status.formal_notice_on(), Some(on));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn formal_notice_on(&self) -> Option<NaiveDate> {
        match (self.step, self.since) {
            (Some(DunningStepKind::FormalNotice), Some(on)) => Some(on),
            _ => None,
        }
    }
}

impl DunningLadder {
    /// A ladder of rungs in increasing order of days.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDunning`] for an empty ladder, or rungs whose days or
    /// steps do not increase.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::dunning::{DunningLadder, DunningStepKind, Rung};
    /// let rung = |step, days_overdue| Rung { step, days_overdue };
    /// let ladder = DunningLadder::new(vec![
    ///     rung(DunningStepKind::FirstLetter, 10),
    ///     rung(DunningStepKind::FormalNotice, 30),
    /// ])?;
    /// assert_eq!(ladder.rungs().len(), 2);
    /// assert!(DunningLadder::new(vec![]).is_err());
    /// assert!(DunningLadder::new(vec![
    ///     rung(DunningStepKind::FormalNotice, 10),
    ///     rung(DunningStepKind::FirstLetter, 30),
    /// ]).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn new(rungs: Vec<Rung>) -> Result<DunningLadder, Error> {
        if rungs.is_empty() {
            return Err(Error::InvalidDunning {
                reason: "the ladder has no step".to_string(),
            });
        }
        if rungs
            .windows(2)
            .any(|w| w[1].days_overdue <= w[0].days_overdue || w[1].step <= w[0].step)
        {
            return Err(Error::InvalidDunning {
                reason: "steps and waiting days must increase".to_string(),
            });
        }
        Ok(DunningLadder { rungs })
    }

    /// The rungs.
    pub fn rungs(&self) -> &[Rung] {
        &self.rungs
    }

    /// Where the payer of `statement` stands on the statement's date: the
    /// oldest invoice still open after its due date sets the days overdue.
    ///
    /// # Example
    ///
    /// ```
    /// # use care_core::assisted_living::billing::{month_end, MonthEndOptions};
    /// # use care_core::assisted_living::invoice::{InvoiceSequence, IssueOptions};
    /// use care_core::receivables::dunning::{DunningLadder, DunningStepKind};
    /// use care_core::receivables::ledger::statement;
    /// use chrono::NaiveDate;
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-05-01")?;
    /// # let run = month_end(&f, std::slice::from_ref(&c), &[], &MonthEndOptions::new("2026-05".parse()?));
    /// # let invoices = InvoiceSequence::new("AH", 2026, 0).issue(run.invoices, &IssueOptions::new(care_core::calendar::date(2026, 5, 31)?))?;
    /// // Due 30 June; on 20 July, 20 days overdue: the first letter.
    /// let s = statement(&c.account(&f), &"p1".parse()?, &invoices, &[], care_core::calendar::date(2026, 7, 20)?)?;
    /// let status = DunningLadder::default().status(&s);
    /// assert_eq!(status.step, Some(DunningStepKind::FirstLetter));
    /// assert_eq!(status.since, NaiveDate::from_ymd_opt(2026, 7, 15));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn status(&self, statement: &Statement) -> DunningStatus {
        let at = statement.at;
        let overdue: Vec<_> = statement.open_items().filter(|i| i.due_on < at).collect();
        let oldest = overdue.iter().map(|i| i.due_on).min();
        let (step, since) = match oldest {
            Some(due) => {
                let days = (at - due).num_days();
                let rung = self
                    .rungs
                    .iter()
                    .rev()
                    .find(|r| i64::from(r.days_overdue) <= days);
                (
                    rung.map(|r| r.step),
                    rung.map(|r| due + Duration::days(r.days_overdue.into())),
                )
            }
            None => (None, None),
        };
        DunningStatus {
            contract: statement.contract.clone(),
            payer: statement.payer.clone(),
            at,
            step,
            since,
            invoices: overdue.iter().map(|i| i.invoice.clone()).collect(),
        }
    }
}
