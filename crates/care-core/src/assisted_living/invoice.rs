//! The invoice of a stay: what an assisted-living invoice says beside what
//! every invoice has ([`StayDetails`]), and the receivables types for it.
//!
//! [`Invoice`], [`InvoiceDraft`] and [`InvoiceHeader`] are the receivables
//! types with [`StayDetails`]; the line, share and numbering types are those
//! of [`receivables`], re-exported here so that one
//! `use` brings all an assisted-living caller needs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assisted_living::facility::FlatId;
use crate::receivables;

pub use receivables::invoice::{
    split_total, InvoiceKind, InvoiceLine, LineKind, LineSource, Payer, PayerShare,
};
pub use receivables::numbering::{InvoiceSequence, IssueOptions};

/// The mention every assisted-living invoice carries: care and
/// assisted-living services are exempt from VAT (art. 44 of the Belgian VAT
/// code; RULES.md, VAT).
pub const VAT_EXEMPTION: &str =
    "Vrijgesteld van btw (art. 44 W.btw): zorg- en assistentiewoningdiensten.";

/// The days a resident stayed in the invoiced month (SAW-5 2°).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayInMonth {
    /// How many days.
    pub days: u32,
    /// The first day.
    pub first: NaiveDate,
    /// The last day.
    pub last: NaiveDate,
}

/// What an assisted-living invoice says beside what every invoice has
/// (SAW-5 1°, 2°): who stays, where, and how long that month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayDetails {
    /// The residents' names.
    pub residents: Vec<String>,
    /// The representative, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<String>,
    /// The flat.
    pub flat: FlatId,
    /// The days stayed that month, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stay: Option<StayInMonth>,
}

/// The header of an assisted-living invoice.
pub type InvoiceHeader = receivables::invoice::InvoiceHeader<StayDetails>;

/// An assisted-living invoice that has no number yet.
pub type InvoiceDraft = receivables::invoice::InvoiceDraft<StayDetails>;

/// An issued assisted-living invoice.
pub type Invoice = receivables::invoice::Invoice<StayDetails>;
