//! # care-core
//!
//! The pure domain of Flemish public social welfare centres (OCMW): the
//! money any of their services invoices, and the GAW admission contracts and
//! SAW care agreements of assisted living on top of it, by the rules of
//! `shared/RULES.md` (cited as GAW-n and SAW-n).
//!
//! No I/O, no clock, no global randomness: every date is an argument.
//!
//! # Layers
//!
//! Each layer uses only the layers above it in this list:
//!
//! | layer | modules | knows of |
//! | --- | --- | --- |
//! | base | [`Money`], [`Percent`], [`calendar`], typed ids ([`ContractId`], [`PayerId`], [`InvoiceNumber`]), [`Error`] | nothing |
//! | [`receivables`] | invoice, numbering, reference (OGM, IBAN, EPC), ledger, interest, dunning, sepa | the base: a contract and a payer are ids, an invoice's service details a type parameter |
//! | [`assisted_living`] | facility, cpi, tariff, indexation, event, agreement, lifecycle, contract, invoice, billing, collection, deposit, settlement, month_close, fixture | the base and receivables |
//! | [`sample`] | sample facilities and contracts for examples and doc-tests | all of the above |
//!
//! A service other than assisted living (the home-cleaning service) invoices
//! through [`receivables`] with its own details type, without touching an
//! assisted-living type.
//!
//! # Example
//!
//! ```
//! use care_core::assisted_living::billing::{month_end, MonthEndOptions};
//! use care_core::receivables::numbering::{InvoiceSequence, IssueOptions};
//!
//! let facility = care_core::sample::antoniushof_2020()?;
//! let contract = care_core::sample::gaw_contract(&facility, "AH-1", "A01", "2026-05-20")?;
//! let run = month_end(&facility, &[contract], &[], &MonthEndOptions::new("2026-05".parse()?));
//! let mut numbers = InvoiceSequence::new("AH", 2026, 0);
//! let issued = numbers.issue(run.invoices, &IssueOptions::new(care_core::calendar::date(2026, 5, 31)?))?;
//! assert_eq!(issued[0].number(), "AH-2026-00001");
//! assert_eq!(issued[0].total().to_string(), "€308.64"); // 12 × €25.72
//! # Ok::<(), care_core::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod assisted_living;
pub mod calendar;
mod error;
mod id;
mod money;
pub mod receivables;
pub mod sample;

pub use assisted_living::contract::Contract;
pub use assisted_living::facility::Facility;
pub use assisted_living::invoice::{Invoice, InvoiceDraft};
pub use assisted_living::tariff::{Area, DailyRate, TariffHistory};
pub use calendar::{BillingMonth, DateRange};
pub use error::Error;
pub use id::{ContractId, InvoiceNumber, PayerId, MAX_ID_CHARS};
pub(crate) use money::decimal_from_str;
pub use money::{Money, Percent, MAX_QUANTITY};
