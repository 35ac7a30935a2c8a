//! The deposit of a GAW contract (GAW-13): 30 full daily prices, paid
//! before the contract takes effect into the resident's personal blocked
//! account, whose interest belongs to the resident; released at the end with
//! its interest, less deductions for the contract's obligations or damage
//! caused on purpose.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assisted_living::settlement::{Deduction, DepositRelease};
use crate::receivables::interest::{simple_interest, InterestTable};
use crate::ContractId;
use crate::{Contract, DateRange, Error, Money};

/// A deposit held on a blocked account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deposit {
    /// The contract.
    pub contract: ContractId,
    /// The amount paid: 30 × the full daily price at admission.
    pub amount: Money,
    /// The day it was paid into the blocked account.
    pub paid_on: NaiveDate,
}

impl Deposit {
    /// The deposit of a GAW contract, paid on `paid_on` (at the latest the
    /// day before admission: "vóór de inwerkingtreding").
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSettlement`] for a SAW agreement (the lease holds the
    /// deposit) or a payment on or after the admission day.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::deposit::Deposit;
    /// let f = care_core::sample::antoniushof_2020()?;
    /// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2021-03-01")?;
    /// let deposit = Deposit::of(&c, care_core::calendar::date(2021, 2, 20)?)?;
    /// assert_eq!(deposit.amount.to_string(), "€771.60");
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn of(contract: &Contract, paid_on: NaiveDate) -> Result<Deposit, Error> {
        let bad = |reason: String| Error::InvalidSettlement {
            contract: contract.id().to_string(),
            reason,
        };
        let amount = contract
            .deposit()
            .ok_or_else(|| bad("a SAW agreement has no deposit; the lease holds it".to_string()))?;
        let start = contract.lifecycle().start();
        if paid_on >= start {
            return Err(bad(format!("the deposit is paid before the contract takes effect on {start}, not on {paid_on} (GAW-13)")));
        }
        Ok(Deposit {
            contract: contract.id().clone(),
            amount,
            paid_on,
        })
    }

    /// Its release on `on`: the amount, the interest the blocked account
    /// earned from the day after payment through `on` at the bank's yearly
    /// rates (`rates`, data), and the deductions.
    ///
    /// # Errors
    ///
    /// [`Error::MissingRate`] for a year without a rate;
    /// [`Error::InvalidSettlement`] for a release before payment.
    pub fn release(
        &self,
        on: NaiveDate,
        rates: &InterestTable,
        deductions: Vec<Deduction>,
    ) -> Result<DepositRelease, Error> {
        let interest = match DateRange::new(self.paid_on.succ_opt().unwrap_or(self.paid_on), on) {
            Ok(period) => simple_interest(self.amount, period, rates)?.amount,
            Err(_) if on == self.paid_on => Money::ZERO,
            Err(_) => {
                return Err(Error::InvalidSettlement {
                    contract: self.contract.to_string(),
                    reason: format!(
                        "the deposit cannot be released on {on}, before it was paid on {}",
                        self.paid_on
                    ),
                })
            }
        };
        Ok(DepositRelease {
            amount: self.amount,
            interest,
            deductions,
        })
    }
}
