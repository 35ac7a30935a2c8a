//! Data sets in TOML: a facility, its contracts and the CPI table, parsed
//! from text (the caller reads the files; care-core does no I/O).
//!
//! The format is described field by field in `fixtures/README.md`. Every
//! mistake is reported as [`Error::Fixture`] with the file, the record and
//! the field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::assisted_living::contract::ContractData;
use crate::assisted_living::cpi::CpiTable;
use crate::assisted_living::facility::{FacilityInfo, FacilityKind, Flat, Operator, Terms};
use crate::assisted_living::tariff::{
    ApprovedChange, BandPrice, Breakdown, ExtraItem, Indexation, PriceList, SizeBand,
};
use crate::{BillingMonth, Contract, DailyRate, Error, Facility, Money, TariffHistory};

/// One file of a data set: its name (for messages) and its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source<'a> {
    /// The file's name or path, as messages should show it.
    pub name: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

/// The three files of a data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sources<'a> {
    /// `reference/cpi.toml`: the consumer price index.
    pub cpi: Source<'a>,
    /// `<facility>/facility.toml`: the facility, its flats and tariffs.
    pub facility: Source<'a>,
    /// `<facility>/contracts.toml`: its contracts.
    pub contracts: Source<'a>,
}

/// A parsed and validated data set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fixture {
    /// The CPI table.
    pub cpi: CpiTable,
    /// The facility.
    pub facility: Facility,
    /// Its contracts, in file order.
    pub contracts: Vec<Contract>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCpi {
    source: String,
    figures: BTreeMap<String, Figure>,
}

/// A CPI figure, written as a string like money.
#[derive(Deserialize)]
#[serde(transparent)]
struct Figure(#[serde(deserialize_with = "crate::decimal_from_str")] Decimal);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacility {
    id: String,
    name: String,
    kind: FacilityKind,
    #[serde(default)]
    recognition: Option<String>,
    address: String,
    operator: Operator,
    invoice_prefix: String,
    #[serde(default)]
    payment_code: u16,
    #[serde(default)]
    terms: Terms,
    bands: Vec<SizeBand>,
    extras: Vec<ExtraItem>,
    tariff: RawTariff,
    #[serde(default)]
    price_changes: Vec<RawChange>,
    flats: Vec<Flat>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTariff {
    id: String,
    effective_from: NaiveDate,
    source: String,
    prices: Vec<RawBandPrice>,
    #[serde(default)]
    extras: BTreeMap<String, Money>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBandPrice {
    band: String,
    daily: DailyRate,
    #[serde(default)]
    right_of_use: Option<Money>,
    #[serde(default)]
    care_and_support: Option<Money>,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum RawChange {
    Indexation(Indexation),
    Approved(ApprovedChange),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContracts {
    contracts: Vec<toml::Value>,
}

/// A record refused because of an error of care-core, kept as the source.
fn fixture_record(file: &str, record: &str, field: &str, source: Error) -> Error {
    Error::FixtureRecord {
        file: file.to_string(),
        record: record.to_string(),
        field: field.to_string(),
        source: Box::new(source),
    }
}

fn fixture_error(file: &str, record: &str, field: &str, message: impl ToString) -> Error {
    Error::Fixture {
        file: file.to_string(),
        record: record.to_string(),
        field: field.to_string(),
        message: message.to_string(),
    }
}

/// Parses TOML text, then deserialises it, naming the field that fails.
fn parse<T: DeserializeOwned>(source: Source<'_>, record: &str) -> Result<T, Error> {
    let value: toml::Value = toml::from_str(source.text).map_err(|e| {
        fixture_error(
            source.name,
            record,
            "-",
            e.to_string().trim().replace('\n', " "),
        )
    })?;
    typed(source.name, record, value)
}

fn typed<T: DeserializeOwned>(file: &str, record: &str, value: toml::Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let field = e.path().to_string();
        let message = e.inner().to_string();
        let message = message.lines().next().unwrap_or_default().to_string();
        fixture_error(file, record, &field, message)
    })
}

/// The field of contract data that a validation error is about.
fn contract_field(error: &Error) -> String {
    match error {
        Error::InvalidContract { field, .. } | Error::ContractPart { field, .. } => {
            field.to_string()
        }
        Error::DuplicateId { what, .. } => what.to_string(),
        Error::PayerShares { .. } => "payers".to_string(),
        Error::NegativeQuantity { record, .. } | Error::ExtraOutsideStay { extra: record, .. } => {
            format!("extras.{record}")
        }
        Error::InvalidEvent { event, date, .. } => format!("events ({event} of {date})"),
        Error::UnknownPriceChange { .. } => "price_notices".to_string(),
        Error::NoTariff { .. } => "agreement".to_string(),
        _ => "-".to_string(),
    }
}

impl Fixture {
    /// Parses and validates a data set.
    ///
    /// # Errors
    ///
    /// [`Error::Fixture`] naming the file, the record and the field, for
    /// TOML that does not parse, a missing or unknown field, a value of the
    /// wrong form (money must be a string such as `"25.72"`), and anything
    /// the domain refuses: an area in no band, an indexation without CPI
    /// figures, a contract that fails [`Contract::new`], two contracts with
    /// one id, or two stays in one flat at the same time.
    ///
    /// # Example
    ///
    /// ```
    /// use care_core::assisted_living::fixture::{Fixture, Source, Sources};
    /// let cpi = Source { name: "cpi.toml", text: "source = \"Statbel\"\n[figures]\n" };
    /// let facility = Source { name: "facility.toml", text: "id = 1" };
    /// let contracts = Source { name: "contracts.toml", text: "contracts = []" };
    /// let err = Fixture::parse(Sources { cpi, facility, contracts }).unwrap_err();
    /// assert!(err.to_string().starts_with("facility.toml: facility: field `id`"), "{err}");
    /// ```
    pub fn parse(sources: Sources<'_>) -> Result<Fixture, Error> {
        let cpi = parse_cpi(sources.cpi)?;
        let facility = parse_facility(sources.facility, &cpi)?;
        let contracts = parse_contracts(sources.contracts, &facility)?;
        Ok(Fixture {
            cpi,
            facility,
            contracts,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInterest {
    source: String,
    rates: BTreeMap<String, Figure>,
}

/// Parses the statutory interest table (`reference/interest.toml`).
///
/// # Errors
///
/// [`Error::Fixture`] naming the file and the field of a mistake.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::fixture::{parse_interest, Source};
/// let text = "source = \"Belgisch Staatsblad\"\n[rates]\n\"2024\" = \"5.75\"\n";
/// let table = parse_interest(Source { name: "interest.toml", text })?;
/// assert_eq!(table.rate(2024)?.to_string(), "5.75");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn parse_interest(
    source: Source<'_>,
) -> Result<crate::receivables::interest::InterestTable, Error> {
    let raw: RawInterest = parse(source, "interest")?;
    let mut table = crate::receivables::interest::InterestTable::new(&raw.source);
    for (year, rate) in raw.rates {
        let field = format!("rates.{year}");
        let parsed: i32 = year
            .parse()
            .map_err(|_| fixture_error(source.name, "interest", &field, "expected a year"))?;
        table
            .insert(parsed, rate.0)
            .map_err(|e| fixture_record(source.name, "interest", &field, e))?;
    }
    Ok(table)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPayments {
    #[serde(default)]
    payments: Vec<toml::Value>,
}

/// Parses the payments received for a facility's contracts
/// (`<facility>/payments.toml`), checking each against its contract.
///
/// # Errors
///
/// [`Error::Fixture`] naming the file, the payment and the field: a missing
/// or unknown field, money that is not a string, an unknown contract or
/// payer, an amount of zero or less, a repeated id.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::fixture::{parse_payments, Source};
/// let f = care_core::sample::antoniushof_2020()?;
/// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
/// let text = "[[payments]]\nid = \"b1\"\ncontract = \"AH-1\"\npayer = \"p9\"\non = 2026-02-10\namount = \"797.32\"\n";
/// let err = parse_payments(Source { name: "payments.toml", text }, &[c]).unwrap_err();
/// assert!(err.to_string().contains("payments.toml: payment b1: field `payer`"), "{err}");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn parse_payments(
    source: Source<'_>,
    contracts: &[Contract],
) -> Result<Vec<crate::receivables::ledger::Payment>, Error> {
    let raw: RawPayments = parse(source, "payments")?;
    let mut payments: Vec<crate::receivables::ledger::Payment> =
        Vec::with_capacity(raw.payments.len());
    for (index, value) in raw.payments.into_iter().enumerate() {
        let record = match value.get("id").and_then(|v| v.as_str()) {
            Some(id) => format!("payment {id}"),
            None => format!("payment #{}", index + 1),
        };
        let payment: crate::receivables::ledger::Payment = typed(source.name, &record, value)?;
        let fail =
            |field: &str, message: String| fixture_error(source.name, &record, field, message);
        if payments.iter().any(|p| p.id == payment.id) {
            return Err(fail("id", "another payment has this id".to_string()));
        }
        let Some(contract) = contracts.iter().find(|c| c.id() == payment.contract) else {
            return Err(fail(
                "contract",
                format!("no contract {}", payment.contract),
            ));
        };
        if !contract.payers().iter().any(|p| p.id == payment.payer) {
            return Err(fail(
                "payer",
                format!(
                    "contract {} has no payer {}",
                    payment.contract, payment.payer
                ),
            ));
        }
        if payment.amount.is_negative() || payment.amount.is_zero() {
            return Err(fail(
                "amount",
                format!("{} is not a payment", payment.amount),
            ));
        }
        payments.push(payment);
    }
    Ok(payments)
}

fn parse_cpi(source: Source<'_>) -> Result<CpiTable, Error> {
    let raw: RawCpi = parse(source, "cpi")?;
    let mut table = CpiTable::new(&raw.source);
    for (month, figure) in raw.figures {
        let field = format!("figures.{month}");
        let parsed: BillingMonth = month
            .parse()
            .map_err(|e| fixture_record(source.name, "cpi", &field, e))?;
        table
            .insert(parsed, figure.0)
            .map_err(|e| fixture_record(source.name, "cpi", &field, e))?;
    }
    Ok(table)
}

fn parse_facility(source: Source<'_>, cpi: &CpiTable) -> Result<Facility, Error> {
    let raw: RawFacility = parse(source, "facility")?;
    let file = source.name;
    let record = format!("facility {}", raw.id);
    let mut prices = Vec::with_capacity(raw.tariff.prices.len());
    for price in &raw.tariff.prices {
        let breakdown = match (price.right_of_use, price.care_and_support) {
            (Some(right_of_use), Some(care_and_support)) => Some(Breakdown {
                right_of_use,
                care_and_support,
            }),
            (None, None) => None,
            _ => {
                return Err(fixture_error(
                    file,
                    &format!("tariff {} band {}", raw.tariff.id, price.band),
                    "right_of_use",
                    "give both parts of the breakdown or neither",
                ))
            }
        };
        prices.push(BandPrice {
            band: price.band.clone(),
            daily: price.daily,
            breakdown,
        });
    }
    let mut tariff = TariffHistory::new(
        raw.bands,
        raw.extras,
        &raw.tariff.id,
        raw.tariff.effective_from,
        &raw.tariff.source,
        PriceList {
            bands: prices,
            extras: raw.tariff.extras,
        },
    )
    .map_err(|e| fixture_record(file, &format!("tariff {}", raw.tariff.id), "tariff", e))?;
    for change in &raw.price_changes {
        let result = match change {
            RawChange::Indexation(options) => tariff.index(options, cpi).map(|_| ()),
            RawChange::Approved(options) => tariff.approve(options).map(|_| ()),
        };
        let id = match change {
            RawChange::Indexation(o) => &o.id,
            RawChange::Approved(o) => &o.id,
        };
        result
            .map_err(|e| fixture_record(file, &format!("price change {id}"), "price_changes", e))?;
    }
    let info = FacilityInfo {
        id: raw.id,
        name: raw.name,
        kind: raw.kind,
        recognition: raw.recognition,
        address: raw.address,
        operator: raw.operator,
        invoice_prefix: raw.invoice_prefix,
        payment_code: raw.payment_code,
        terms: raw.terms,
    };
    Facility::new(info, raw.flats, tariff).map_err(|e| fixture_record(file, &record, "flats", e))
}

fn parse_contracts(source: Source<'_>, facility: &Facility) -> Result<Vec<Contract>, Error> {
    let raw: RawContracts = parse(source, "contracts")?;
    let file = source.name;
    let mut contracts: Vec<Contract> = Vec::with_capacity(raw.contracts.len());
    for (index, value) in raw.contracts.into_iter().enumerate() {
        let id = value.get("id").and_then(|v| v.as_str()).map(str::to_string);
        let record = match &id {
            Some(id) => format!("contract {id}"),
            None => format!("contract #{}", index + 1),
        };
        let data: ContractData = typed(file, &record, value)?;
        if contracts.iter().any(|c| c.id() == data.id) {
            return Err(fixture_error(
                file,
                &record,
                "id",
                "another contract has this id",
            ));
        }
        let contract = Contract::new(data, facility)
            .map_err(|e| fixture_record(file, &record, &contract_field(&e), e))?;
        if let Some(other) = contracts.iter().find(|c| overlap(c, &contract)) {
            return Err(fixture_error(
                file,
                &record,
                "flat",
                format!(
                    "flat {} is occupied by contract {} during this stay",
                    contract.data().flat,
                    other.id()
                ),
            ));
        }
        contracts.push(contract);
    }
    Ok(contracts)
}

/// True when two contracts have stays in one flat on a common day.
fn overlap(a: &Contract, b: &Contract) -> bool {
    if a.data().flat != b.data().flat {
        return false;
    }
    match (
        a.lifecycle().stay(NaiveDate::MAX),
        b.lifecycle().stay(NaiveDate::MAX),
    ) {
        (Some(x), Some(y)) => x.intersect(y).is_some(),
        _ => false,
    }
}
