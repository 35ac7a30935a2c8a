//! View structs: what each template receives, built from care-core's types,
//! with every amount and date already formatted. Templates do no
//! arithmetic.

mod contract;
mod invoice;
mod letters;

pub use contract::{
    contract_view, house_rules_view, BandView, ContractView, HouseRulesView, PartyView,
    RepresentativeView, ResidentView, SignatoryView,
};
pub use invoice::{
    invoice_view, payer_invoice_views, AddresseeView, DirectDebitView, InvoiceView, LineView,
    PaymentView, SectionView, ShareView,
};
pub use letters::{
    dunning_letter_view, final_settlement_view, price_notice_view, DunningLetter, DunningStep,
    DunningView, PriceChangeLine, PriceNoticeView, SettlementItem, SettlementView,
};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A date for `set document(date: …)`: the document's own date, never the
/// clock, so the same input gives the same PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentDate {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

impl From<NaiveDate> for DocumentDate {
    fn from(d: NaiveDate) -> DocumentDate {
        DocumentDate {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
}

/// The issuer block on letters and invoices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IssuerView {
    /// The operator, such as `OCMW Gent`.
    pub operator: String,
    /// The operator's address.
    pub operator_address: String,
    /// The facility's name.
    pub facility: String,
    /// The facility's address.
    pub facility_address: String,
    /// The recognition number, when there is one.
    pub recognition: Option<String>,
}

impl IssuerView {
    /// The issuer block of a facility.
    pub fn of(facility: &care_core::Facility) -> IssuerView {
        let info = facility.info();
        IssuerView {
            operator: info.operator.name.clone(),
            operator_address: info.operator.address.clone(),
            facility: info.name.clone(),
            facility_address: info.address.clone(),
            recognition: info.recognition.clone(),
        }
    }
}
