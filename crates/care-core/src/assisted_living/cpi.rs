//! Consumer price index figures by month (reference data, RULES.md): the
//! figures a CPI indexation divides (GAW-6, SAW-3).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{BillingMonth, Error};

/// Consumer price index figures by month, with where they were published.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::cpi::CpiTable;
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
        // Base 2013 = 100: a figure outside 1 … 10,000 or with more than
        // two decimals is a typing error, and would let a ratio overflow.
        if figure < Decimal::ONE
            || figure > Decimal::from(10_000)
            || figure.scale() > 2 && figure.normalize().scale() > 2
        {
            return Err(Error::InvalidIndex {
                month,
                reason: "a figure lies between 1 and 10000, with at most two decimals",
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
