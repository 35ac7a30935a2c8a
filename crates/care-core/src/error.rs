//! The one error type of care-core.

use chrono::NaiveDate;
use serde::Serialize;

use crate::{BillingMonth, DateRange};

/// Everything that can go wrong in care-core. Messages are lowercase and name
/// what and where: which contract, which date, which record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An amount that is not a whole number of cents, or not a number.
    #[error("invalid amount {value:?}: {reason}")]
    InvalidAmount {
        /// The text or value given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A percentage outside 0–100 or not a number.
    #[error("invalid percentage {value:?}: expected a number from 0 to 100")]
    InvalidPercent {
        /// The text or value given.
        value: String,
    },
    /// A floor area that is negative or not a number.
    #[error("invalid area {value:?}: expected a non-negative number of m²")]
    InvalidArea {
        /// The text or value given.
        value: String,
    },
    /// A date range that ends before it starts.
    #[error("invalid date range: {end} is before {start}")]
    InvalidRange {
        /// First day.
        start: NaiveDate,
        /// Last day.
        end: NaiveDate,
    },
    /// A day that does not exist.
    #[error("invalid date {year:04}-{month:02}-{day:02}")]
    InvalidDate {
        /// Year.
        year: i32,
        /// Month.
        month: u32,
        /// Day.
        day: u32,
    },
    /// A month that is not `YYYY-MM`.
    #[error("invalid month {value:?}: expected YYYY-MM")]
    InvalidMonth {
        /// The text given.
        value: String,
    },
    /// A flat area that lies in no size band (GAW-1).
    #[error("area {area} lies in no size band (GAW-1)")]
    AreaOutsideBands {
        /// The area, with the flat when known.
        area: String,
    },
    /// A size band that a price list does not know.
    #[error("unknown size band {band:?}")]
    UnknownBand {
        /// The band's name.
        band: String,
    },
    /// An extra code that is not in the catalogue.
    #[error("unknown extra {code:?}: not in the facility's catalogue")]
    UnknownExtra {
        /// The code.
        code: String,
    },
    /// A flat number the facility does not have.
    #[error("facility {facility} has no flat {flat:?}")]
    UnknownFlat {
        /// The facility.
        facility: String,
        /// The flat number.
        flat: String,
    },
    /// A price change id that the tariff history does not have.
    #[error("unknown price change {id:?}")]
    UnknownPriceChange {
        /// The id.
        id: String,
    },
    /// A record id that a contract does not have.
    #[error("contract {contract} has no {what} {id:?}")]
    UnknownRecord {
        /// The contract.
        contract: String,
        /// What kind of record.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// An id used twice.
    #[error("duplicate {what} {id:?}")]
    DuplicateId {
        /// What kind of record.
        what: &'static str,
        /// The id, with its context.
        id: String,
    },
    /// Size bands or prices that do not fit together.
    #[error("invalid tariff {version}: {reason}")]
    InvalidTariff {
        /// The price version, or `size bands`.
        version: String,
        /// What is wrong.
        reason: String,
    },
    /// A price change that breaks the rules of GAW-6.
    #[error("invalid price change {id}: {reason}")]
    InvalidPriceChange {
        /// The change.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// A CPI figure that cannot be used.
    #[error("invalid index figure for {month}: {reason}")]
    InvalidIndex {
        /// The month.
        month: BillingMonth,
        /// What is wrong.
        reason: &'static str,
    },
    /// A CPI month missing from the table.
    #[error("the consumer price index table has no figure for {month}")]
    MissingIndex {
        /// The month.
        month: BillingMonth,
    },
    /// No price version is in force on a day.
    #[error("contract {contract}: no tariff is in force on {day}")]
    NoTariff {
        /// The contract.
        contract: String,
        /// The day.
        day: NaiveDate,
    },
    /// A facility that cannot work.
    #[error("invalid facility {facility}: {reason}")]
    InvalidFacility {
        /// The facility.
        facility: String,
        /// What is wrong.
        reason: String,
    },
    /// A contract that does not fit its facility or the rules.
    #[error("contract {contract}: {field}: {reason}")]
    InvalidContract {
        /// The contract.
        contract: String,
        /// The part of the contract at fault, as named in data (`flat`,
        /// `extras`, …).
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A part of a contract refused because of the error in it (kept as the
    /// source).
    #[error("contract {contract}: {what}")]
    ContractPart {
        /// The contract.
        contract: String,
        /// The part of the contract at fault, as named in data (`flat`,
        /// `extras`, …).
        field: &'static str,
        /// Which record of it, such as `extra m-0603`.
        what: String,
        /// Why.
        #[source]
        source: Box<Error>,
    },
    /// A part of a facility refused because of the error in it (kept as the
    /// source).
    #[error("invalid facility {facility}: {what}")]
    FacilityPart {
        /// The facility.
        facility: String,
        /// Which part, such as `the operator's IBAN`.
        what: String,
        /// Why.
        #[source]
        source: Box<Error>,
    },
    /// Payer shares that do not sum to 100 %.
    #[error("contract {contract}: payer shares sum to {total}%, not 100%")]
    PayerShares {
        /// The contract.
        contract: String,
        /// Their sum.
        total: String,
    },
    /// A quantity on an extra that is negative or above
    /// [`crate::MAX_QUANTITY`].
    #[error("contract {contract}: extra {record} has quantity {quantity}; a quantity lies between 0 and 1000000")]
    NegativeQuantity {
        /// The contract.
        contract: String,
        /// The extra.
        record: String,
        /// The quantity.
        quantity: String,
    },
    /// An extra dated outside the days it may be charged (GAW-15, SAW-11).
    #[error("contract {contract}: extra {extra} of {day} lies outside {allowed}, the days extras may be charged (GAW-15, SAW-11)")]
    ExtraOutsideStay {
        /// The contract.
        contract: String,
        /// The extra.
        extra: String,
        /// Its date.
        day: NaiveDate,
        /// The allowed days.
        allowed: DateRange,
    },
    /// An event that does not fit the contract's state.
    #[error("contract {contract}: {event} on {date} is refused: {reason}")]
    InvalidEvent {
        /// The contract.
        contract: String,
        /// The event's name.
        event: &'static str,
        /// The event's date.
        date: NaiveDate,
        /// Why.
        reason: String,
    },
    /// An invoice whose lines, total and shares do not agree.
    #[error("invoice of contract {contract} for {month}: {reason}")]
    InvalidInvoice {
        /// The contract.
        contract: String,
        /// The month.
        month: BillingMonth,
        /// What does not agree.
        reason: String,
    },
    /// An invoice number that does not parse.
    #[error("invalid invoice number {number:?}")]
    InvalidInvoiceNumber {
        /// The number.
        number: String,
    },
    /// Issuing on a date outside the sequence's year.
    #[error("invoice sequence {sequence} cannot issue on {issued_on}: another year")]
    SequenceYear {
        /// The sequence.
        sequence: String,
        /// The issue date.
        issued_on: NaiveDate,
    },
    /// A payment term that runs past the last day the calendar has.
    #[error(
        "an invoice issued on {issued_on} cannot fall due {days} days later: past the calendar"
    )]
    InvalidPaymentTerm {
        /// The invoice date.
        issued_on: NaiveDate,
        /// The days to receipt plus the payment term.
        days: u64,
    },
    /// A sequence with no numbers left.
    #[error("invoice sequence {sequence} has no numbers left")]
    SequenceExhausted {
        /// The sequence.
        sequence: String,
    },
    /// A structured communication or payment text that is not valid.
    #[error("invalid payment reference {reference:?}: {reason}")]
    InvalidReference {
        /// The reference given.
        reference: String,
        /// What is wrong.
        reason: String,
    },
    /// An id (of a contract, payer, flat, invoice) that cannot be one.
    #[error("invalid {kind} {value:?}: {reason}")]
    InvalidId {
        /// What the id names: `contract id`, `payer id`, …
        kind: &'static str,
        /// The text given.
        value: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// An IBAN that fails its checks.
    #[error("invalid IBAN {iban:?}: {reason}")]
    InvalidIban {
        /// The IBAN given.
        iban: String,
        /// What is wrong.
        reason: String,
    },
    /// A direct debit mandate or creditor identifier that cannot be used.
    #[error("invalid mandate {mandate}: {reason}")]
    InvalidMandate {
        /// The mandate or identifier.
        mandate: String,
        /// Why.
        reason: String,
    },
    /// A direct debit batch that cannot be made or read.
    #[error("direct debit batch {message}: {reason}")]
    InvalidDirectDebit {
        /// The message id.
        message: String,
        /// Why.
        reason: String,
    },
    /// A dunning ladder that cannot work.
    #[error("invalid dunning ladder: {reason}")]
    InvalidDunning {
        /// Why.
        reason: String,
    },
    /// A final settlement that cannot be drawn up.
    #[error("settlement of contract {contract}: {reason}")]
    InvalidSettlement {
        /// The contract.
        contract: String,
        /// Why.
        reason: String,
    },
    /// A payment of a payer the contract does not have.
    #[error("contract {contract} has no payer {payer:?}")]
    UnknownPayer {
        /// The contract.
        contract: String,
        /// The payer given.
        payer: String,
    },
    /// An interest rate that cannot be used.
    #[error("invalid interest rate for {year}: {reason}")]
    InvalidRate {
        /// The year.
        year: i32,
        /// What is wrong.
        reason: &'static str,
    },
    /// A year missing from the interest table.
    #[error("the statutory interest table has no rate for {year}")]
    MissingRate {
        /// The year.
        year: i32,
    },
    /// A record of fixture data refused because of the error in it (kept as
    /// the source), with its file, record and field.
    #[error("{file}: {record}: field `{field}`")]
    FixtureRecord {
        /// The file.
        file: String,
        /// The record, such as `contract AH-007`.
        record: String,
        /// The field.
        field: String,
        /// Why.
        #[source]
        source: Box<Error>,
    },
    /// A mistake in fixture data, with its file, record and field.
    #[error("{file}: {record}: field `{field}`: {message}")]
    Fixture {
        /// The file.
        file: String,
        /// The record, such as `contract AH-007`.
        record: String,
        /// The field.
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// The message with those of its causes, `outer: cause: …`: the line to
    /// show a clerk. ([`Display`](std::fmt::Display) gives the outer message
    /// alone, and [`source`](std::error::Error::source) the cause.)
    ///
    /// # Example
    ///
    /// ```
    /// let facility = care_core::sample::antoniushof_2020()?;
    /// let mut data = care_core::sample::sample_data("AH-9", "9.99")?;
    /// data.agreement = care_core::assisted_living::contract::Agreement::Gaw {
    ///     signed_on: care_core::calendar::date(2026, 1, 1)?,
    ///     admission: care_core::calendar::date(2026, 1, 1)?,
    ///     deposit_paid_on: None,
    /// };
    /// let err = care_core::Contract::new(data, &facility).unwrap_err();
    /// assert_eq!(err.to_string(), "contract AH-9: flat \"9.99\"");
    /// assert!(err.chain().ends_with("has no flat \"9.99\""), "{}", err.chain());
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn chain(&self) -> String {
        let mut out = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            out.push_str(": ");
            out.push_str(&cause.to_string());
            source = cause.source();
        }
        out
    }
}
