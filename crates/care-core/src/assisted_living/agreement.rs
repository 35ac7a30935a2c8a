//! The data of a contract, as recorded: the agreement and its start, the
//! residents, representative and payers, and the records billed on it
//! (GAW-10 … GAW-20, SAW-7 … SAW-12). [`Contract`](super::contract::Contract)
//! validates it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::assisted_living::event::Event;
use crate::assisted_living::facility::FacilityKind;
use crate::assisted_living::facility::FlatId;
use crate::assisted_living::indexation::PriceNotice;
pub use crate::receivables::invoice::Payer;
use crate::receivables::reference::Iban;
use crate::{ContractId, PayerId};
use crate::{DateRange, Money, Percent};

/// The kind of agreement and its start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[serde(deny_unknown_fields)]
pub enum Agreement {
    /// A GAW admission contract (opnameovereenkomst).
    Gaw {
        /// The day the contract was signed, on or before the admission: its
        /// prices are those in force or decided by then; a later change
        /// needs its own notice (GAW-26, GAW-6).
        signed_on: NaiveDate,
        /// The admission day, day 1 of the stay (GAW-17 **Decision**).
        admission: NaiveDate,
        /// The day the deposit was paid into the blocked account, after the
        /// signing and before the admission (GAW-13); its interest runs
        /// from the day after.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deposit_paid_on: Option<NaiveDate>,
    },
    /// A SAW care agreement (zorgovereenkomst), bound to a lease.
    Saw {
        /// The day the care agreement was signed, on or before the start
        /// (GAW-26, SAW-3).
        signed_on: NaiveDate,
        /// The day the lease with the housing company was signed; nothing is
        /// charged before it (SAW-1).
        lease_signed: NaiveDate,
        /// The day the resident moves in and care starts.
        start: NaiveDate,
        /// The lease's reference at the housing company.
        lease_reference: String,
    },
}

impl Agreement {
    /// The first day of the stay.
    pub fn start(&self) -> NaiveDate {
        match self {
            Agreement::Gaw { admission, .. } => *admission,
            Agreement::Saw { start, .. } => *start,
        }
    }

    /// The day the agreement was signed (GAW-26).
    pub fn signed_on(&self) -> NaiveDate {
        match self {
            Agreement::Gaw { signed_on, .. } | Agreement::Saw { signed_on, .. } => *signed_on,
        }
    }

    /// The day the deposit of a GAW contract was paid, when recorded
    /// (GAW-13, GAW-26).
    pub fn deposit_paid_on(&self) -> Option<NaiveDate> {
        match self {
            Agreement::Gaw {
                deposit_paid_on, ..
            } => *deposit_paid_on,
            Agreement::Saw { .. } => None,
        }
    }

    /// GAW or SAW.
    pub fn kind(&self) -> FacilityKind {
        match self {
            Agreement::Gaw { .. } => FacilityKind::Gaw,
            Agreement::Saw { .. } => FacilityKind::Saw,
        }
    }
}

/// A resident: one of the one or two people a contract covers (GAW-20).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resident {
    /// Identifier within the contract, such as `r1`.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Date of birth, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub born: Option<NaiveDate>,
    /// How the contract addresses the resident, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salutation: Option<Salutation>,
    /// The resident's address before admission, as the contract names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The payer id under which the resident pays a share, when the payer
    /// is not printed under the resident's own name (or two people share
    /// it). Without it a payer of the resident's name is the resident: see
    /// [`Contract::resident_of`](crate::Contract::resident_of).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<PayerId>,
}

/// How a contract addresses a party: `De heer` or `Mevrouw`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Salutation {
    /// De heer.
    Mr,
    /// Mevrouw.
    Mrs,
}

impl Salutation {
    /// The Dutch form the contracts print.
    pub fn dutch(self) -> &'static str {
        match self {
            Salutation::Mr => "De heer",
            Salutation::Mrs => "Mevrouw",
        }
    }
}

/// Someone who acts for a resident who cannot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    /// Full name.
    pub name: String,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Relation to the resident, such as `dochter` or `bewindvoerder`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// How the contract addresses the representative, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salutation: Option<Salutation>,
    /// The payer id under which the representative pays a share, when the
    /// payer is not printed under the representative's own name. Without
    /// it a payer of the representative's name is the representative: see
    /// [`Contract::is_representative`](crate::Contract::is_representative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<PayerId>,
}

/// One use of a per-use extra (GAW-5, SAW-4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraCharge {
    /// Identifier within the contract.
    pub id: String,
    /// Catalogue code.
    pub code: String,
    /// The day it was delivered.
    pub on: NaiveDate,
    /// How many units, never negative; a string in data (`"1.5"`).
    #[serde(deserialize_with = "crate::decimal_from_str")]
    pub quantity: Decimal,
    /// Unit price, only for extras charged at real cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Money>,
    /// A note printed after the nature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A recurring extra a contract takes, monthly or yearly (GAW-3, GAW-4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// Identifier within the contract.
    pub id: String,
    /// Catalogue code.
    pub code: String,
    /// First day it runs.
    pub from: NaiveDate,
    /// Last day it runs, if it was stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// The agreed amount, for extras priced per contract (the heating
    /// advance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// The addendum that brought it in, when it changes the contract (a
    /// service the contract did not cover): it runs only once every
    /// resident signed it (GAW-24, SAW-14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amendment: Option<String>,
}

/// An addendum to the contract (art. 10): apart from price adjustments
/// (GAW-6), the contract changes only by a signed addendum, and a resident
/// who does not sign keeps the contract as it was (GAW-24, SAW-14).
/// **Decision:** one contract covers the flat, so an addendum applies only
/// once every resident living there on its effective day signed it; until
/// then the records it brings in are not billed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// Identifier within the contract.
    pub id: String,
    /// What it changes, as in the addendum.
    pub description: String,
    /// The first day it applies.
    pub effective_from: NaiveDate,
    /// Who signed it and when.
    #[serde(default)]
    pub signatures: Vec<Signature>,
}

/// A resident's signature of an addendum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The resident.
    pub resident: String,
    /// The day signed.
    pub on: NaiveDate,
}

/// How much a discount takes off the daily price (SAW-5 5°).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscountValue {
    /// A percentage of the price of the discount's days: on each month's
    /// invoice one line, that percentage of the price charged for its days
    /// in that month, rounded once (SAW-17).
    Percent(Percent),
    /// A fixed amount off each day's price.
    PerDay(Money),
}

/// A discount on the daily price for a period, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discount {
    /// Identifier within the contract.
    pub id: String,
    /// Why, as printed on the invoice.
    pub reason: String,
    /// The days it covers.
    pub period: DateRange,
    /// How much.
    pub value: DiscountValue,
}

/// An amount received on account before the invoice (SAW-5 6°).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentOnAccount {
    /// Identifier within the contract.
    pub id: String,
    /// The day it was received.
    pub on: NaiveDate,
    /// How much, more than zero.
    pub amount: Money,
    /// The payer's reference.
    #[serde(default)]
    pub reference: String,
    /// The payer who made it, which it is credited to alone (GAW-9a);
    /// needed when the contract has more than one payer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<PayerId>,
}

impl PaymentOnAccount {
    /// The payer it belongs to: the one named, or the contract's only payer.
    pub fn paid_by<'p>(&'p self, payers: &'p [Payer]) -> Option<&'p PayerId> {
        match (&self.payer, payers) {
            (Some(id), _) => Some(id),
            (None, [only]) => Some(&only.id),
            (None, _) => None,
        }
    }
}

/// A yearly settlement of a recurring advance, such as heating on actual
/// consumption (GAW-4): a debit, or a credit when negative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settlement {
    /// Identifier within the contract.
    pub id: String,
    /// Catalogue code of the advance it settles.
    pub code: String,
    /// The day it was drawn up.
    pub on: NaiveDate,
    /// The year it settles.
    pub year: i32,
    /// Balance due by the resident; negative when the resident gets money
    /// back.
    pub amount: Money,
}

/// The next of kin who clear the flat after the death of the last resident,
/// and who owe the clearance and storage costs in full, as a payer of their
/// own, outside the estate (GAW-15, GAW-15a, SAW-11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextOfKin {
    /// Their payer id on invoices, distinct from the contract's payers.
    pub id: PayerId,
    /// Full name.
    pub name: String,
    /// Postal address, for their invoices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Relation to the resident, such as `zoon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
}

/// A real, provable cost of clearing the flat or storing the belongings
/// after the GAW clearance window, or of the SAW clearance, charged to the
/// next of kin in full (GAW-15, GAW-15a, SAW-11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClearanceCost {
    /// Identifier within the contract.
    pub id: String,
    /// The day of the work (or the end of the storage period).
    pub on: NaiveDate,
    /// What, as printed: `Ontruiming woning`, `Opslag inboedel 7–30 juni`.
    pub description: String,
    /// The real cost.
    pub amount: Money,
}

/// Damage a resident caused to the building or the flat's fittings, charged
/// at its real, provable cost with its reason, separate from the deposit
/// (GAW-23; house rules 6.3, contract 4.1). Normal wear is the operator's
/// (GAW-22).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DamageRepair {
    /// Identifier within the contract.
    pub id: String,
    /// The day of the repair.
    pub on: NaiveDate,
    /// The damage and its cause, as printed.
    pub reason: String,
    /// The real cost of the repair.
    pub amount: Money,
}

/// Everything recorded on a contract, as data: the options object from which
/// a [`Contract`](crate::Contract) is built and validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractData {
    /// Identifier, unique within the facility, such as `AH-001`.
    pub id: ContractId,
    /// Flat number.
    pub flat: FlatId,
    /// GAW or SAW, and the start.
    pub agreement: Agreement,
    /// One or two residents (GAW-20).
    pub residents: Vec<Resident>,
    /// The representative, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    /// Who pays, with shares that sum to 100 %.
    pub payers: Vec<Payer>,
    /// Written notices of price changes (GAW-6, SAW-3).
    #[serde(default)]
    pub price_notices: Vec<PriceNotice>,
    /// Dated events: notices, deaths, absences, …
    #[serde(default)]
    pub events: Vec<Event>,
    /// Per-use extras.
    #[serde(default)]
    pub extras: Vec<ExtraCharge>,
    /// Recurring extras.
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
    /// Discounts on the daily price.
    #[serde(default)]
    pub discounts: Vec<Discount>,
    /// Amounts received on account.
    #[serde(default)]
    pub payments_on_account: Vec<PaymentOnAccount>,
    /// Yearly settlements of advances.
    #[serde(default)]
    pub settlements: Vec<Settlement>,
    /// SEPA direct debit mandates of payers who pay that way (GAW-8, SAW-6).
    #[serde(default)]
    pub mandates: Vec<crate::receivables::sepa::Mandate>,
    /// The next of kin, who clear the flat after the last death.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_of_kin: Option<NextOfKin>,
    /// Clearance and storage costs charged to the next of kin (GAW-15a).
    #[serde(default)]
    pub clearance_costs: Vec<ClearanceCost>,
    /// Damage repairs at real cost (GAW-23).
    #[serde(default)]
    pub damage_repairs: Vec<DamageRepair>,
    /// Addenda to the contract (GAW-24, SAW-14).
    #[serde(default)]
    pub amendments: Vec<Amendment>,
    /// The resident's personal blocked account holding the deposit (GAW-13),
    /// once opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit_account: Option<Iban>,
}
