//! # care-core
//!
//! The pure domain of Flemish assisted-living operators (OCMW): GAW admission
//! contracts and SAW care agreements, their tariffs and CPI indexation, and
//! the month-end invoices they give rise to, by the rules of
//! `shared/RULES.md` (cited as GAW-n and SAW-n).
//!
//! No I/O, no clock: every date is an argument.
//!
//! # Example
//!
//! ```
//! use care_core::billing::{month_end, MonthEndOptions};
//! use care_core::invoice::{InvoiceSequence, IssueOptions};
//! use chrono::NaiveDate;
//!
//! let facility = care_core::testing::antoniushof_2020()?;
//! let contract = care_core::testing::gaw_contract(&facility, "AH-1", "A01", "2026-05-20")?;
//! let run = month_end(&facility, &[contract], &[], &MonthEndOptions::new("2026-05".parse()?));
//! let mut numbers = InvoiceSequence::new("AH", 2026, 0);
//! let issued = numbers.issue(run.invoices, &IssueOptions::new(care_core::calendar::date(2026, 5, 31)?))?;
//! assert_eq!(issued[0].number, "AH-2026-00001");
//! assert_eq!(issued[0].total().to_string(), "€308.64"); // 12 × €25.72
//! # Ok::<(), care_core::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod billing;
pub mod calendar;
pub mod contract;
pub mod deposit;
pub mod dunning;
mod error;
pub mod event;
pub mod facility;
pub mod fixture;
pub mod indexation;
pub mod interest;
pub mod invoice;
pub mod ledger;
mod money;
pub mod payment;
pub mod sepa;
pub mod settlement;
pub mod tariff;
pub mod testing;

pub use calendar::{BillingMonth, DateRange};
pub use contract::Contract;
pub use error::Error;
pub use facility::Facility;
pub use invoice::{Invoice, InvoiceDraft};
pub(crate) use money::decimal_from_str;
pub use money::{Money, Percent, MAX_QUANTITY};
pub use tariff::{Area, DailyRate, TariffHistory};
