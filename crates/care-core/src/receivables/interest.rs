//! Statutory interest on late payment (GAW-9, SAW-6): simple interest, per
//! day, each calendar year at its own published rate, rounded to the cent
//! once.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{DateRange, Error, Money};

/// The statutory interest rate (wettelijke interestvoet) per calendar year,
/// with where it was published.
///
/// # Example
///
/// ```
/// use care_core::receivables::interest::InterestTable;
/// use rust_decimal::Decimal;
/// let mut table = InterestTable::new("Belgisch Staatsblad");
/// table.insert(2024, Decimal::new(575, 2))?;
/// assert_eq!(table.rate(2024)?, Decimal::new(575, 2));
/// assert!(table.rate(2018).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestTable {
    /// Where the rates come from.
    pub source: String,
    rates: BTreeMap<i32, Decimal>,
}

impl InterestTable {
    /// An empty table.
    pub fn new(source: &str) -> InterestTable {
        InterestTable {
            source: source.to_string(),
            rates: BTreeMap::new(),
        }
    }

    /// Adds the rate of a year, in percent a year.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRate`] for a negative rate or a year already given.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::interest::InterestTable;
    /// use rust_decimal::Decimal;
    /// let mut table = InterestTable::new("Belgisch Staatsblad");
    /// table.insert(2024, Decimal::new(575, 2))?;
    /// assert!(table.insert(2024, Decimal::new(6, 0)).is_err()); // given already
    /// assert!(table.insert(2025, Decimal::new(-1, 0)).is_err());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn insert(&mut self, year: i32, percent: Decimal) -> Result<(), Error> {
        if percent.is_sign_negative() && !percent.is_zero() {
            return Err(Error::InvalidRate {
                year,
                reason: "a rate cannot be negative",
            });
        }
        if percent > Decimal::ONE_HUNDRED {
            return Err(Error::InvalidRate {
                year,
                reason: "a rate above 100 % a year is absurd",
            });
        }
        if self.rates.insert(year, percent).is_some() {
            return Err(Error::InvalidRate {
                year,
                reason: "the year is already in the table",
            });
        }
        Ok(())
    }

    /// The rate of a year, in percent.
    ///
    /// # Errors
    ///
    /// [`Error::MissingRate`] when the table has no rate for it.
    pub fn rate(&self, year: i32) -> Result<Decimal, Error> {
        self.rates
            .get(&year)
            .copied()
            .ok_or(Error::MissingRate { year })
    }
}

/// The interest of one calendar year of a late period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestPeriod {
    /// The days of the period in that year.
    pub days: DateRange,
    /// The year's rate, in percent a year.
    pub rate: Decimal,
    /// Days in that year (365, or 366 in a leap year).
    pub year_days: u32,
}

/// Statutory interest on a principal over the days it was late.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interest {
    /// The amount the interest runs on.
    pub principal: Money,
    /// One entry per calendar year.
    pub periods: Vec<InterestPeriod>,
    /// The interest, rounded to the cent once.
    pub amount: Money,
}

impl Interest {
    /// How many days late, in all.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::receivables::interest::{statutory_interest, InterestTable};
    /// use care_core::{calendar::date, DateRange, Money};
    /// use rust_decimal::Decimal;
    /// let mut table = InterestTable::new("Belgisch Staatsblad");
    /// table.insert(2024, Decimal::new(575, 2))?;
    /// let late = DateRange::new(date(2024, 3, 1)?, date(2024, 3, 10)?)?;
    /// let interest = statutory_interest(Money::from_cents(50_000), late, &table)?;
    /// assert_eq!(interest.days(), 10);
    /// assert_eq!(interest.describe(), "Wettelijke interest op €500.00: 10 dagen aan 5.75%");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn days(&self) -> u32 {
        self.periods.iter().map(|p| p.days.days()).sum()
    }

    /// A description for an invoice line: days and rates.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = self
            .periods
            .iter()
            .map(|p| format!("{} dagen aan {}%", p.days.days(), p.rate.normalize()))
            .collect();
        format!(
            "Wettelijke interest op {}: {}",
            self.principal,
            parts.join(" + ")
        )
    }
}

fn days_in_year(year: i32) -> u32 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

/// Statutory interest on `principal` for the days of `late` (both ends
/// counted): each calendar year's days at that year's rate, over that
/// year's length (**Decision**: 365 days, 366 in a leap year), summed
/// exactly and rounded to the cent once.
///
/// # Errors
///
/// [`Error::MissingRate`] for a year without a rate; [`Error::InvalidAmount`]
/// for a negative principal.
///
/// # Example
///
/// ```
/// use care_core::receivables::interest::{statutory_interest, InterestTable};
/// use care_core::{DateRange, Money};
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// let mut table = InterestTable::new("Belgisch Staatsblad");
/// table.insert(2023, Decimal::new(525, 2))?;
/// table.insert(2024, Decimal::new(575, 2))?;
/// let late = DateRange::new(care_core::calendar::date(2023, 12, 2)?, care_core::calendar::date(2024, 1, 31)?)?;
/// let interest = statutory_interest(Money::from_cents(100_000), late, &table)?;
/// // 1000 × 5.25% × 30/365 + 1000 × 5.75% × 31/366 = 4.315… + 4.870… = 9.19
/// assert_eq!(interest.amount, Money::from_cents(919));
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn statutory_interest(
    principal: Money,
    late: DateRange,
    table: &InterestTable,
) -> Result<Interest, Error> {
    simple_interest(principal, late, table)
}

/// Simple interest on `principal` over the days of `period` at a yearly
/// rate per calendar year: the computation behind statutory interest and the
/// interest of a blocked deposit account alike.
///
/// # Errors
///
/// As [`statutory_interest`].
///
/// # Example
///
/// ```
/// use care_core::receivables::interest::{simple_interest, InterestTable};
/// use care_core::{calendar::date, DateRange, Money};
/// use rust_decimal::Decimal;
/// // A blocked deposit account at 1 % a year, for all of 2025.
/// let mut rates = InterestTable::new("bank statement");
/// rates.insert(2025, Decimal::ONE)?;
/// let year = DateRange::new(date(2025, 1, 1)?, date(2025, 12, 31)?)?;
/// assert_eq!(simple_interest(Money::from_cents(150_000), year, &rates)?.amount, Money::from_cents(1500));
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn simple_interest(
    principal: Money,
    period: DateRange,
    table: &InterestTable,
) -> Result<Interest, Error> {
    let late = period;
    if principal.is_negative() {
        return Err(Error::InvalidAmount {
            value: principal.to_plain_string(),
            reason: "interest runs on a positive principal",
        });
    }
    let mut periods = Vec::new();
    let mut exact = Decimal::ZERO;
    for year in late.start().year()..=late.end().year() {
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            continue;
        };
        let Some(days) = DateRange::new(first, last)?.intersect(late) else {
            continue;
        };
        let rate = table.rate(year)?;
        let year_days = days_in_year(year);
        exact += principal.amount() * rate * Decimal::from(days.days())
            / (Decimal::ONE_HUNDRED * Decimal::from(year_days));
        periods.push(InterestPeriod {
            days,
            rate,
            year_days,
        });
    }
    Ok(Interest {
        principal,
        periods,
        amount: Money::round(exact),
    })
}
