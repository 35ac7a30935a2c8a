//! Written price notices, and which price version applies to one contract
//! on one day (GAW-6, SAW-3).

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::assisted_living::tariff::{PriceList, TariffHistory};
use crate::ContractId;
use crate::{Error, Money};

/// The written, individual notice of a price change to one contract's
/// residents and representative (GAW-6, SAW-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceNotice {
    /// The price version it announces.
    pub change: String,
    /// The day the notice reached the residents.
    pub notified_on: NaiveDate,
    /// The date the notice names, if it names one; by default the change
    /// applies as soon as the rule allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_on: Option<NaiveDate>,
    /// The day it reached the representative, when that was another day:
    /// the notice period runs from the last of the notifications (GAW-6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative_notified_on: Option<NaiveDate>,
}

impl PriceNotice {
    /// The first day the notice lets the new price apply: the change's own
    /// effective date, the date the notice names, and `notice_days` after
    /// notification, whichever is latest.
    ///
    /// **Decision:** "at the earliest 30 days after the notification" means
    /// notified on day N, the price applies from day N + 30.
    ///
    /// **Decision (GAW-6):** a notice that names a date less than
    /// `notice_days` after it is still a valid notice: the change applies
    /// from the end of the notice period, and [`late`](PriceNotice::late)
    /// says so for the run to warn. It never makes the data fail to load.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::indexation::PriceNotice;
    /// let d = |m, day| care_core::calendar::date(2026, m, day);
    /// let notice = PriceNotice { change: "IDX-2026".into(), notified_on: d(5, 20)?, effective_on: None, representative_notified_on: None };
    /// assert_eq!(notice.applies_from(d(6, 1)?, 30), d(6, 19)?);
    /// // Named too early: it applies from the 30th day all the same.
    /// let early = PriceNotice { effective_on: Some(d(6, 1)?), ..notice };
    /// assert_eq!(early.applies_from(d(6, 1)?, 30), d(6, 19)?);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn applies_from(&self, change_effective_from: NaiveDate, notice_days: u32) -> NaiveDate {
        let earliest = self.earliest(notice_days);
        earliest
            .max(change_effective_from)
            .max(self.effective_on.unwrap_or(earliest))
    }

    /// The last of the notifications to the residents and the
    /// representative: the notice period runs from it (GAW-6).
    pub fn last_notified(&self) -> NaiveDate {
        self.representative_notified_on
            .map_or(self.notified_on, |r| r.max(self.notified_on))
    }

    /// The day `notice_days` after the last notification.
    fn earliest(&self, notice_days: u32) -> NaiveDate {
        self.last_notified()
            .checked_add_signed(Duration::days(notice_days.into()))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The warning for `contract` when this notice names a date less than
    /// `notice_days` after it (GAW-6); `None` for a notice in time.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::indexation::PriceNotice;
    /// let d = |m, day| care_core::calendar::date(2026, m, day);
    /// let early = PriceNotice { change: "IDX-2026".into(), notified_on: d(5, 20)?, effective_on: Some(d(6, 1)?), representative_notified_on: None };
    /// let late = early.late(30, &"AH-001".parse()?).map(|l| l.to_string());
    /// assert_eq!(late.as_deref(), Some("contract AH-001: price change IDX-2026 notified on 2026-05-20 names 2026-06-01, less than 30 days after it; it applies from 2026-06-19 (GAW-6)"));
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn late(&self, notice_days: u32, contract: &ContractId) -> Option<LateNotice> {
        let earliest = self.earliest(notice_days);
        let named = self.effective_on.filter(|named| *named < earliest)?;
        Some(LateNotice {
            contract: contract.clone(),
            change: self.change.clone(),
            notified_on: self.notified_on,
            named,
            notice_days,
            applies_from: earliest,
        })
    }
}

/// A price notice that names a date less than the notice period after it
/// (GAW-6): a valid notice all the same, whose change applies from the end
/// of the period; the run warns so that the office can send a corrected
/// letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LateNotice {
    /// The contract.
    pub contract: ContractId,
    /// The price change.
    pub change: String,
    /// The day of the notice.
    pub notified_on: NaiveDate,
    /// The date the notice named.
    pub named: NaiveDate,
    /// The notice period, in days.
    pub notice_days: u32,
    /// The day the change applies from: the end of the notice period (at
    /// the earliest; a later change date still wins).
    pub applies_from: NaiveDate,
}

impl std::fmt::Display for LateNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "contract {}: price change {} notified on {} names {}, less than {} days after it; it applies from {} (GAW-6)",
            self.contract, self.change, self.notified_on, self.named, self.notice_days, self.applies_from
        )
    }
}

/// The prices of one contract over time (GAW-6, SAW-3): the facility's
/// prices in force when the stay started, then each change from the day its
/// own notice to this contract lets it apply.
///
/// **Decision (GAW-6):** a change brings in only what it changes itself — the
/// band prices and extra prices that differ from the facility's version
/// before it. A notice of a later change never brings in an earlier change
/// the contract was not notified of, and a change never notified to the
/// contract never applies to it. Where two notified changes touch the same
/// price, the later decided one wins once both apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceSchedule {
    /// The version in force on the first day.
    base: usize,
    /// Each notified change, sorted by day.
    applied: Vec<Applied>,
}

/// One notified change of a schedule, with what kinds of price it touches
/// (known when the schedule is built, so month-end looks up only the
/// changes that can matter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct Applied {
    from: NaiveDate,
    index: usize,
    bands: bool,
    extras: bool,
}

/// A price of a contract: the daily price of its band or the unit price of
/// a catalogue extra.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PricedItem {
    /// The daily price of a size band.
    Daily {
        /// The band.
        band: String,
    },
    /// The unit price of a catalogue extra.
    Extra {
        /// The extra's code.
        code: String,
    },
}

/// What one change alters in one contract's prices, for its notice letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractPriceChange {
    /// Which price.
    pub item: PricedItem,
    /// The contract's price before the change, if it had one.
    pub old: Option<Money>,
    /// The contract's price once the change applies.
    pub new: Money,
}

fn touches_band(tariff: &TariffHistory, index: usize, band: &str) -> bool {
    let versions = tariff.versions();
    index > 0
        && versions[index].prices.band(band).ok() != versions[index - 1].prices.band(band).ok()
}

fn touches_extra(tariff: &TariffHistory, index: usize, code: &str) -> bool {
    let versions = tariff.versions();
    index > 0
        && versions[index].prices.extras.get(code) != versions[index - 1].prices.extras.get(code)
}

impl PriceSchedule {
    /// The schedule of a contract signed on `signed.start()` whose stay
    /// starts on `signed.end()`.
    ///
    /// **Decision (GAW-26):** the contract's prices are the version in
    /// force on the signing day and every later change the facility had
    /// decided by then ([`PriceVersion::decided`](crate::assisted_living::tariff::PriceVersion::decided)),
    /// each from the day it takes effect; any other change applies only
    /// through its own notice to the contract (GAW-6) — even one in force by
    /// the admission, so that it never reaches a deposit or a cancellation
    /// fee unannounced.
    ///
    /// # Errors
    ///
    /// [`Error::NoTariff`] when no price version is in force by the start;
    /// [`Error::UnknownPriceChange`] for a notice of an unknown version;
    /// [`Error::DuplicateId`] for two notices of one change.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::indexation::{PriceNotice, PriceSchedule};
    /// use care_core::assisted_living::tariff::ApprovedChange;
    /// use care_core::DateRange;
    /// let d = |m, day| care_core::calendar::date(2026, m, day);
    /// let mut tariff = care_core::sample::antoniushof_2020()?.tariff().clone();
    /// tariff.approve(&ApprovedChange {
    ///     id: "INC".into(), effective_from: Some(d(6, 1)?), reference: "ok".into(),
    ///     daily: [("small".to_string(), "26.50".parse()?)].into(), ..Default::default()
    /// })?;
    /// let signed = DateRange::new(d(1, 1)?, d(1, 1)?)?;
    /// let late = [PriceNotice { change: "INC".into(), notified_on: d(5, 20)?, effective_on: None, representative_notified_on: None }];
    /// let schedule = PriceSchedule::for_contract(&tariff, signed, &late, 30, &"AH-1".parse()?)?;
    /// assert_eq!(schedule.daily_on(&tariff, "small", d(6, 18)?)?.amount().to_string(), "€25.72");
    /// assert_eq!(schedule.daily_on(&tariff, "small", d(6, 19)?)?.amount().to_string(), "€26.50");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn for_contract(
        tariff: &TariffHistory,
        signed: crate::DateRange,
        notices: &[PriceNotice],
        notice_days: u32,
        contract: &ContractId,
    ) -> Result<PriceSchedule, Error> {
        let (signed_on, start) = (signed.start(), signed.end());
        let versions = tariff.versions();
        // The version in force on the signing day; a facility's first
        // prices count for a contract signed before they took effect.
        let base = tariff
            .version_at(signed_on)
            .or_else(|| tariff.version_at(start).map(|_| 0))
            .ok_or_else(|| Error::NoTariff {
                contract: contract.to_string(),
                day: start,
            })?;
        let touches = |index: usize, from: NaiveDate| {
            let (old, new) = (&versions[index - 1].prices, &versions[index].prices);
            Applied {
                from,
                index,
                bands: old.bands != new.bands,
                extras: old.extras != new.extras,
            }
        };
        let mut applied: Vec<Applied> = Vec::with_capacity(notices.len());
        // Changes decided by the signing are part of the signed price.
        for (index, version) in versions.iter().enumerate().skip(base + 1) {
            if version.decided() <= signed_on {
                applied.push(touches(index, version.effective_from.max(signed_on)));
            }
        }
        for (i, notice) in notices.iter().enumerate() {
            if notices[..i].iter().any(|n| n.change == notice.change) {
                return Err(Error::DuplicateId {
                    what: "price notice",
                    id: format!("{} for contract {contract}", notice.change),
                });
            }
            let index = tariff.version_index(&notice.change)?;
            let version = &versions[index];
            let from = notice.applies_from(version.effective_from, notice_days);
            if index > base && applied.iter().all(|a| a.index != index) {
                applied.push(touches(index, from.max(signed_on)));
            }
        }
        applied.sort_unstable();
        Ok(PriceSchedule { base, applied })
    }

    /// The change (version index) that sets `touches` on `day`: the latest
    /// decided of the changes applied by then that touch it, else the base.
    fn setter(
        &self,
        day: NaiveDate,
        kind: fn(&Applied) -> bool,
        touches: impl Fn(usize) -> bool,
    ) -> usize {
        self.applied
            .iter()
            .filter(|a| a.from <= day && kind(a) && touches(a.index))
            .map(|a| a.index)
            .max()
            .unwrap_or(self.base)
    }

    /// The daily price of `band` for this contract on `day`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownBand`] when the tariff has no price for the band.
    pub fn daily_on(
        &self,
        tariff: &TariffHistory,
        band: &str,
        day: NaiveDate,
    ) -> Result<crate::assisted_living::tariff::DailyRate, Error> {
        let index = self.setter(day, |a| a.bands, |i| touches_band(tariff, i, band));
        Ok(tariff.versions()[index].prices.band(band)?.daily)
    }

    /// The unit price of catalogue extra `code` for this contract on `day`;
    /// `None` when the catalogue gives it no price.
    pub fn extra_on(&self, tariff: &TariffHistory, code: &str, day: NaiveDate) -> Option<Money> {
        let index = self.setter(day, |a| a.extras, |i| touches_extra(tariff, i, code));
        tariff.versions()[index].prices.extras.get(code).copied()
    }

    /// The days from which this contract's daily price of `band` changes,
    /// with the new price: the first entry is the start.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownBand`] when the tariff has no price for the band.
    pub fn daily_steps(
        &self,
        tariff: &TariffHistory,
        band: &str,
    ) -> Result<Vec<(NaiveDate, Money)>, Error> {
        let mut steps = vec![(
            NaiveDate::MIN,
            tariff.versions()[self.base]
                .prices
                .band(band)?
                .daily
                .amount(),
        )];
        for a in self.applied.iter().filter(|a| a.bands) {
            let rate = self.daily_on(tariff, band, a.from)?.amount();
            if steps.last().is_some_and(|(_, last)| *last != rate) {
                steps.push((a.from, rate));
            }
        }
        Ok(steps)
    }

    /// All prices of this contract on `day`.
    pub fn prices_on(&self, tariff: &TariffHistory, day: NaiveDate) -> PriceList {
        let mut prices = tariff.versions()[self.base].prices.clone();
        for band in &mut prices.bands {
            let index = self.setter(day, |a| a.bands, |i| touches_band(tariff, i, &band.band));
            if let Ok(price) = tariff.versions()[index].prices.band(&band.band) {
                *band = price.clone();
            }
        }
        let codes: Vec<String> = tariff.catalogue().iter().map(|i| i.code.clone()).collect();
        for code in codes {
            match self.extra_on(tariff, &code, day) {
                Some(price) => prices.extras.insert(code, price),
                None => prices.extras.remove(&code),
            };
        }
        prices
    }

    /// The latest price version (index) that shapes this contract's prices
    /// on `day`: the one in force at its signing, or a later change applied
    /// to it by then (GAW-26, GAW-6).
    pub fn version_on(&self, day: NaiveDate) -> usize {
        self.applied
            .iter()
            .filter(|a| a.from <= day)
            .map(|a| a.index)
            .fold(self.base, usize::max)
    }

    /// The notified changes, as `(first day, version index)`, in order.
    pub fn changes(&self) -> impl Iterator<Item = (NaiveDate, usize)> + '_ {
        self.applied.iter().map(|a| (a.from, a.index))
    }

    /// What change `id` alters in this contract's prices (its daily price
    /// of `band`, and the extras), and from which day: the contract's price
    /// the day before against its price from that day. Empty when the change
    /// alters nothing this contract pays, `None` when it was not notified to
    /// the contract (or was already in force at the start).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownPriceChange`] for an unknown change;
    /// [`Error::UnknownBand`] when the tariff has no price for the band.
    pub fn what_changes(
        &self,
        tariff: &TariffHistory,
        band: &str,
        id: &str,
    ) -> Result<Option<(NaiveDate, Vec<ContractPriceChange>)>, Error> {
        let index = tariff.version_index(id)?;
        let Some(from) = self
            .applied
            .iter()
            .find(|a| a.index == index)
            .map(|a| a.from)
        else {
            return Ok(None);
        };
        let before = from.pred_opt().unwrap_or(from);
        let mut changes = Vec::new();
        if touches_band(tariff, index, band) {
            let old = Some(self.daily_on(tariff, band, before)?.amount());
            let new = self.daily_on(tariff, band, from)?.amount();
            if old != Some(new) {
                changes.push(ContractPriceChange {
                    item: PricedItem::Daily {
                        band: band.to_string(),
                    },
                    old,
                    new,
                });
            }
        }
        for item in tariff.catalogue() {
            if !touches_extra(tariff, index, &item.code) {
                continue;
            }
            let old = self.extra_on(tariff, &item.code, before);
            if let Some(new) = self.extra_on(tariff, &item.code, from) {
                if old != Some(new) {
                    changes.push(ContractPriceChange {
                        item: PricedItem::Extra {
                            code: item.code.clone(),
                        },
                        old,
                        new,
                    });
                }
            }
        }
        Ok(Some((from, changes)))
    }
}
