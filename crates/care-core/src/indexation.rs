//! Consumer price index figures, written price notices, and which price
//! version applies to one contract on one day (GAW-6, SAW-3).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::tariff::{PriceList, TariffHistory};
use crate::{BillingMonth, Error};

/// Consumer price index figures by month, with where they were published.
///
/// # Example
///
/// ```
/// use care_core::indexation::CpiTable;
/// use rust_decimal::Decimal;
///
/// let mut cpi = CpiTable::new("Statbel, base 2013 = 100");
/// cpi.insert("2023-12".parse()?, Decimal::new(12945, 2))?;
/// assert_eq!(cpi.figure("2023-12".parse()?)?, Decimal::new(12945, 2));
/// assert!(cpi.figure("2020-05".parse()?).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpiTable {
    /// Where the figures come from.
    pub source: String,
    figures: BTreeMap<BillingMonth, Decimal>,
}

impl CpiTable {
    /// An empty table.
    pub fn new(source: &str) -> CpiTable {
        CpiTable {
            source: source.to_string(),
            figures: BTreeMap::new(),
        }
    }

    /// Adds the figure of a month.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidIndex`] for a figure that is not positive or a month
    /// already in the table.
    pub fn insert(&mut self, month: BillingMonth, figure: Decimal) -> Result<(), Error> {
        if figure <= Decimal::ZERO {
            return Err(Error::InvalidIndex {
                month,
                reason: "a figure must be more than zero",
            });
        }
        if self.figures.insert(month, figure).is_some() {
            return Err(Error::InvalidIndex {
                month,
                reason: "the month is already in the table",
            });
        }
        Ok(())
    }

    /// The figure of a month.
    ///
    /// # Errors
    ///
    /// [`Error::MissingIndex`] when the table has no figure for it.
    pub fn figure(&self, month: BillingMonth) -> Result<Decimal, Error> {
        self.figures
            .get(&month)
            .copied()
            .ok_or(Error::MissingIndex { month })
    }

    /// All figures, oldest first.
    pub fn figures(&self) -> impl Iterator<Item = (BillingMonth, Decimal)> + '_ {
        self.figures.iter().map(|(m, f)| (*m, *f))
    }
}

/// The written, individual notice of a price change to one contract's
/// residents and representative (GAW-6, SAW-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceNotice {
    /// The price version it announces.
    pub change: String,
    /// The day the notice was given.
    pub notified_on: NaiveDate,
    /// The date the notice names, if it names one; by default the change
    /// applies as soon as the rule allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_on: Option<NaiveDate>,
}

impl PriceNotice {
    /// The first day the notice lets the new price apply: the change's own
    /// effective date, the date the notice names, and `notice_days` after
    /// notification, whichever is latest.
    ///
    /// **Decision:** "at the earliest 30 days after the notification" means
    /// notified on day N, the price applies from day N + 30.
    ///
    /// # Errors
    ///
    /// [`Error::PriceNoticeTooShort`] when the notice names a date earlier
    /// than `notice_days` after notification.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::indexation::PriceNotice;
    /// use chrono::NaiveDate;
    /// let d = |m, day| care_core::calendar::date(2026, m, day);
    /// let notice = PriceNotice { change: "IDX-2026".into(), notified_on: d(5, 20)?, effective_on: None };
    /// assert_eq!(notice.applies_from(d(6, 1)?, 30, "AH-001")?, d(6, 19)?);
    /// let early = PriceNotice { effective_on: Some(d(6, 1)?), ..notice };
    /// assert!(early.applies_from(d(6, 1)?, 30, "AH-001").is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn applies_from(
        &self,
        change_effective_from: NaiveDate,
        notice_days: u32,
        contract: &str,
    ) -> Result<NaiveDate, Error> {
        let earliest = self.notified_on + Duration::days(notice_days.into());
        if let Some(named) = self.effective_on {
            if named < earliest {
                return Err(Error::PriceNoticeTooShort {
                    contract: contract.to_string(),
                    change: self.change.clone(),
                    notified_on: self.notified_on,
                    effective_on: named,
                    earliest,
                });
            }
        }
        Ok(earliest
            .max(change_effective_from)
            .max(self.effective_on.unwrap_or(earliest)))
    }
}

/// Which price version applies to one contract from which day: the version
/// in force when its stay started, then each later version from the day its
/// notice lets it apply. A version never notified to the contract never
/// applies to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceSchedule {
    /// `(from, version index)`, sorted by day; the first entry is the start.
    steps: Vec<(NaiveDate, usize)>,
}

impl PriceSchedule {
    /// The schedule of a contract whose stay starts on `start`.
    ///
    /// # Errors
    ///
    /// [`Error::NoTariff`] when no price version is in force on `start`;
    /// [`Error::UnknownPriceChange`] for a notice of an unknown version;
    /// [`Error::PriceNoticeTooShort`] for a notice naming a date too early;
    /// [`Error::DuplicateId`] for two notices of one change.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::indexation::{PriceNotice, PriceSchedule};
    /// use care_core::tariff::ApprovedChange;
    /// use chrono::NaiveDate;
    /// let d = |m, day| care_core::calendar::date(2026, m, day);
    /// let mut tariff = care_core::testing::antoniushof_2020()?.tariff().clone();
    /// tariff.approve(&ApprovedChange {
    ///     id: "INC".into(), effective_from: Some(d(6, 1)?), reference: "ok".into(),
    ///     daily: [("small".to_string(), "26.50".parse()?)].into(), ..Default::default()
    /// })?;
    /// let late = [PriceNotice { change: "INC".into(), notified_on: d(5, 20)?, effective_on: None }];
    /// let schedule = PriceSchedule::for_contract(&tariff, d(1, 1)?, &late, 30, "AH-1")?;
    /// assert_eq!(schedule.version_on(d(6, 18)?), 0);
    /// assert_eq!(schedule.version_on(d(6, 19)?), 1);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn for_contract(
        tariff: &TariffHistory,
        start: NaiveDate,
        notices: &[PriceNotice],
        notice_days: u32,
        contract: &str,
    ) -> Result<PriceSchedule, Error> {
        let base = tariff.version_at(start).ok_or_else(|| Error::NoTariff {
            contract: contract.to_string(),
            day: start,
        })?;
        let mut steps = vec![(start, base)];
        for (i, notice) in notices.iter().enumerate() {
            if notices[..i].iter().any(|n| n.change == notice.change) {
                return Err(Error::DuplicateId {
                    what: "price notice",
                    id: format!("{} for contract {contract}", notice.change),
                });
            }
            let index = tariff.version_index(&notice.change)?;
            let version = &tariff.versions()[index];
            let from = notice.applies_from(version.effective_from, notice_days, contract)?;
            if index > base {
                steps.push((from.max(start), index));
            }
        }
        steps.sort();
        // A later version supersedes an earlier one even when its notice
        // came first; keep only steps that raise the version in force.
        let mut schedule: Vec<(NaiveDate, usize)> = Vec::with_capacity(steps.len());
        for (from, index) in steps {
            match schedule.last_mut() {
                Some(last) if last.0 == from => last.1 = last.1.max(index),
                Some(last) if last.1 >= index => {}
                _ => schedule.push((from, index)),
            }
        }
        Ok(PriceSchedule { steps: schedule })
    }

    /// The version index in force on `day` (the first one before the start).
    pub fn version_on(&self, day: NaiveDate) -> usize {
        let position = self.steps.partition_point(|(from, _)| *from <= day);
        self.steps[position.saturating_sub(1)].1
    }

    /// The price list in force on `day`.
    pub fn prices_on<'t>(&self, tariff: &'t TariffHistory, day: NaiveDate) -> &'t PriceList {
        &tariff.versions()[self.version_on(day)].prices
    }

    /// The days on which a new version starts to apply, after the start.
    pub fn changes(&self) -> impl Iterator<Item = (NaiveDate, usize)> + '_ {
        self.steps.iter().skip(1).copied()
    }
}
