//! Assisted living: GAW admission contracts and SAW care agreements, on top
//! of [`receivables`](crate::receivables).
//!
//! | module | what |
//! | --- | --- |
//! | [`facility`] | the facility, its flats, operator and contract terms |
//! | [`cpi`] | the consumer price index table (reference data) |
//! | [`tariff`] | size bands, daily prices, extras, their versions (GAW-1, GAW-6) |
//! | [`indexation`] | which price applies to which contract, after its notice (GAW-6) |
//! | [`agreement`] | the data of a contract: residents, payers, agreement, records |
//! | [`event`] | what happens to a contract: notices, deaths, absences, keys |
//! | [`lifecycle`] | what the events add up to: the stay, its last billed day, why it ended |
//! | [`contract`] | a validated contract |
//! | [`invoice`] | the invoice of a stay: its details, and the receivables types for it |
//! | [`billing`] | month-end: the invoices of a month and corrections |
//! | [`month_close`] | one call that closes a month: invoices, batch, statements, letters, settlements |
//! | [`collection`] | what is collected by direct debit, and when (GAW-8a) |
//! | [`deposit`] | the deposit and its interest (GAW-13) |
//! | [`settlement`] | the final settlement and its addressee (GAW-15a, SAW-13) |
//! | [`fixture`] | reading data sets (TOML text in, types out; no file I/O) |

pub mod agreement;
pub mod billing;
pub mod collection;
pub mod contract;
pub mod cpi;
pub mod deposit;
pub mod event;
pub mod facility;
pub mod fixture;
pub mod indexation;
pub mod invoice;
pub mod lifecycle;
pub mod month_close;
pub mod settlement;
pub mod tariff;
