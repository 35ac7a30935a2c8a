//! GAW admission contracts, SAW care agreements and house rules.

use care_core::assisted_living::contract::Agreement;
use care_core::assisted_living::facility::FacilityKind;
use care_core::{Contract, Facility};
use chrono::NaiveDate;
use serde::Serialize;

use super::{DocumentDate, IssuerView};
use crate::{format, Error};

/// What blank a form has where data is not known: filled in by hand.
const BLANK: &str = ".....";

/// The operator as a party to the contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartyView {
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Enterprise number, or a blank.
    pub enterprise_number: String,
    /// Who represents it, as the contract says.
    pub represented_by: String,
}

/// One block of the signature page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignatoryView {
    /// The party's role: `De bewoner`, `De vertegenwoordiger`, `Namens OCMW Gent`.
    pub role: String,
    /// The name printed under the signature.
    pub name: String,
    /// A detail such as the delegation.
    pub detail: Option<String>,
}

/// A resident as a party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResidentView {
    /// `De heer` or `Mevrouw` from the data; the form's `De heer / mevrouw`
    /// only when the data does not say.
    pub salutation: String,
    /// Full name.
    pub name: String,
    /// Date of birth, or a blank.
    pub born: String,
    /// Address, or a blank.
    pub address: String,
}

/// The representative, with the footnote's definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RepresentativeView {
    /// `De heer` or `Mevrouw`, as for a resident.
    pub salutation: String,
    /// Full name.
    pub name: String,
    /// Address, or a blank.
    pub address: String,
    /// Relation to the resident, if given.
    pub relation: Option<String>,
}

/// A size band's prices in the contract's article on the daily price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BandView {
    /// The band, as the contract words it.
    pub label: String,
    /// Daily price.
    pub daily: String,
    /// Right of use part, or a blank.
    pub right_of_use: String,
    /// Care and support part, or a blank.
    pub care_and_support: String,
    /// True for the band of this contract's flat.
    pub own: bool,
}

/// The house rules annex (or a standalone copy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HouseRulesView {
    /// `gaw` or `saw`: which facility's house rules.
    pub kind: String,
    /// Facility name.
    pub facility: String,
    /// Recognition number, or a blank.
    pub recognition: String,
    /// Issuer block.
    pub issuer: IssuerView,
    /// The document's date.
    pub document_date: DocumentDate,
}

/// Everything a contract template prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContractView {
    /// `gaw` or `saw`.
    pub kind: String,
    /// Contract id.
    pub contract: String,
    /// `Opnameovereenkomst` or `Zorgovereenkomst`.
    pub title: String,
    /// The facility's name.
    pub facility: String,
    /// Issuer block for headers and footers.
    pub issuer: IssuerView,
    /// The operator as a party.
    pub operator: PartyView,
    /// The residents.
    pub residents: Vec<ResidentView>,
    /// The representative, only when there is one.
    pub representative: Option<RepresentativeView>,
    /// Recognition number, or a blank.
    pub recognition: String,
    /// Number of flats of the facility.
    pub flat_count: String,
    /// The start in words: `1 maart 2021`.
    pub start_long: String,
    /// The flat's address.
    pub flat_address: String,
    /// The flat with its area and band.
    pub flat_label: String,
    /// The date the prices quoted took effect.
    pub tariff_date: String,
    /// This flat's daily price.
    pub daily: String,
    /// All bands' prices with their breakdown (GAW).
    pub bands: Vec<BandView>,
    /// The phone's yearly price (GAW-3), or a blank.
    pub phone_price: String,
    /// `30 × € 25,72 = € 771,60` (GAW-13), or a blank for SAW.
    pub deposit_calculation: String,
    /// The deposit's blocked account, when known.
    pub deposit_account: Option<String>,
    /// Resident's notice period, `30 dagen`.
    pub resident_notice: String,
    /// Operator's notice period, `60 dagen`.
    pub operator_notice: String,
    /// Notice in the trial period, `7 dagen`.
    pub trial_notice: String,
    /// Clearance window after a death, `5 dagen`.
    pub clearance: String,
    /// The lease (SAW), or a blank.
    pub lease: String,
    /// Signed on, in words, or a blank to fill in by hand.
    pub signed_on: String,
    /// Place of signature.
    pub place: String,
    /// The signature blocks, one per party.
    pub signatories: Vec<SignatoryView>,
    /// The document's date.
    pub document_date: DocumentDate,
    /// The house rules annex.
    pub house_rules: HouseRulesView,
}

fn or_blank(value: Option<&str>) -> String {
    value
        .filter(|v| !v.trim().is_empty())
        .unwrap_or(BLANK)
        .to_string()
}

/// The house rules of a facility.
pub fn house_rules_view(facility: &Facility, date: NaiveDate) -> HouseRulesView {
    let info = facility.info();
    HouseRulesView {
        kind: match info.kind {
            FacilityKind::Gaw => "gaw",
            FacilityKind::Saw => "saw",
        }
        .to_string(),
        facility: info.name.clone(),
        recognition: or_blank(info.recognition.as_deref()),
        issuer: IssuerView::of(facility),
        document_date: date.into(),
    }
}

/// The view of a contract, to be signed on `signed_on` (a blank when
/// `None`). The document is dated `signed_on`, or the start of the stay.
///
/// # Errors
///
/// [`Error::Data`] when the tariff has no price for the contract's start.
///
/// # Example
///
/// ```
/// let facility = care_core::sample::antoniushof_2020()?;
/// let contract = care_core::sample::gaw_contract(&facility, "AH-1", "A01", "2026-03-01")?;
/// let view = care_docs::view::contract_view(&contract, &facility, None)?;
/// assert_eq!(view.deposit_calculation, "30 × € 25,72 = € 771,60");
/// assert_eq!(view.resident_notice, "30 dagen");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn contract_view(
    contract: &Contract,
    facility: &Facility,
    signed_on: Option<NaiveDate>,
) -> Result<ContractView, Error> {
    let info = facility.info();
    let data = contract.data();
    let terms = facility.terms();
    let tariff = facility.tariff();
    let start = data.agreement.start();
    // GAW-26: the prices this contract was signed at, as they apply on its
    // first day, and the date of the latest change among them.
    let tariff_date = tariff.versions()[contract.schedule().version_on(start)].effective_from;
    let prices = contract.schedule().prices_on(tariff, start);
    let own = prices.band(contract.band())?;
    let flat = facility.flat(&data.flat)?;
    let band = tariff.bands().iter().find(|b| b.name == contract.band());
    let bands = tariff
        .bands()
        .iter()
        .filter_map(|b| prices.band(&b.name).ok().map(|p| (b, p)))
        .map(|(b, p)| BandView {
            label: b.label.clone(),
            daily: format::money(p.daily.amount()),
            right_of_use: p
                .breakdown
                .map_or(BLANK.to_string(), |x| format::money(x.right_of_use)),
            care_and_support: p
                .breakdown
                .map_or(BLANK.to_string(), |x| format::money(x.care_and_support)),
            own: b.name == contract.band(),
        })
        .collect();
    let phone = tariff
        .catalogue()
        .iter()
        .find(|i| i.category == care_core::assisted_living::tariff::ExtraCategory::Phone)
        .and_then(|i| prices.extras.get(&i.code))
        .map(|p| format!("{} per jaar", format::money(*p)));
    let (title, lease) = match &data.agreement {
        Agreement::Gaw { .. } => ("Opnameovereenkomst", BLANK.to_string()),
        Agreement::Saw {
            lease_signed,
            lease_reference,
            ..
        } => (
            "Zorgovereenkomst",
            format!(
                "huurcontract {lease_reference} met WoninGent, ondertekend op {}",
                format::date_long(*lease_signed)
            ),
        ),
    };
    let deposit_calculation = match contract.deposit() {
        Some(deposit) => format!(
            "{} × {} = {}",
            terms.deposit_days,
            format::money(own.daily.amount()),
            format::money(deposit)
        ),
        None => BLANK.to_string(),
    };
    let residents: Vec<ResidentView> = data
        .residents
        .iter()
        .map(|r| ResidentView {
            salutation: salutation(r.salutation),
            name: r.name.clone(),
            born: r.born.map_or(BLANK.to_string(), format::date_long),
            address: or_blank(r.address.as_deref()),
        })
        .collect();
    let representative = data.representative.as_ref().map(|r| RepresentativeView {
        salutation: salutation(r.salutation),
        name: r.name.clone(),
        address: or_blank(r.address.as_deref()),
        relation: r.relation.clone(),
    });
    let mut signatories: Vec<SignatoryView> = data
        .residents
        .iter()
        .map(|r| SignatoryView {
            role: "De bewoner".to_string(),
            name: r.name.clone(),
            detail: None,
        })
        .collect();
    if let Some(r) = &data.representative {
        signatories.push(SignatoryView {
            role: "De vertegenwoordiger van de bewoner(s)".to_string(),
            name: r.name.clone(),
            detail: r.relation.clone(),
        });
    }
    signatories.push(SignatoryView {
        role: format!("Namens {}", info.operator.name),
        name: "(voornaam, naam)".to_string(),
        detail: info.operator.signatory.clone(),
    });
    let date = signed_on.unwrap_or(start);
    Ok(ContractView {
        kind: match info.kind {
            FacilityKind::Gaw => "gaw",
            FacilityKind::Saw => "saw",
        }
        .to_string(),
        contract: data.id.to_string(),
        title: title.to_string(),
        facility: info.name.clone(),
        issuer: IssuerView::of(facility),
        operator: PartyView {
            name: info.operator.name.clone(),
            address: info.operator.address.clone(),
            enterprise_number: or_blank(info.operator.enterprise_number.as_deref()),
            represented_by: or_blank(info.operator.represented_by.as_deref()),
        },
        residents,
        representative,
        recognition: or_blank(info.recognition.as_deref()),
        flat_count: facility.flats().len().to_string(),
        start_long: format::date_long(start),
        flat_address: format!("{}, woning {}", info.address, flat.number),
        flat_label: format!(
            "woning {}, {}{}",
            flat.number,
            format::quantity(flat.area.square_metres()) + " m²",
            band.map_or(String::new(), |b| format!(", {}", b.label))
        ),
        tariff_date: format::date_long(tariff_date),
        daily: format::money(own.daily.amount()),
        bands,
        phone_price: phone.unwrap_or_else(|| BLANK.to_string()),
        deposit_calculation,
        deposit_account: data.deposit_account.as_ref().map(ToString::to_string),
        resident_notice: format::days(terms.resident_notice_days),
        operator_notice: format::days(terms.operator_notice_days),
        trial_notice: format::days(terms.resident_trial_notice_days),
        clearance: format::days(terms.clearance_days),
        lease,
        signed_on: signed_on.map_or(BLANK.to_string(), format::date_long),
        place: "Gent".to_string(),
        signatories,
        document_date: date.into(),
        house_rules: house_rules_view(facility, date),
    })
}

/// The contract's form of address: from the data, or the form's own
/// `De heer / mevrouw` to be struck through when the data does not say.
fn salutation(s: Option<care_core::assisted_living::contract::Salutation>) -> String {
    s.map_or("De heer / mevrouw".to_string(), |s| s.dutch().to_string())
}
