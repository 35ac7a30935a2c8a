//! Small sample data for examples and tests: the Antoniushof 2020 tariff
//! (GAW-1, GAW-2, GAW-3) and the Botermarktpoort care cost (SAW-1), with a
//! few flats. The full data sets are the fixtures in `fixtures/`.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::assisted_living::contract::{Agreement, ContractData, Payer, Resident};
use crate::assisted_living::facility::{
    Facility, FacilityInfo, FacilityKind, Flat, Operator, Terms,
};
use crate::assisted_living::tariff::{
    BandPrice, Breakdown, ExtraBilling, ExtraCategory, ExtraItem, ExtraPricing, PriceList, SizeBand,
};
use crate::{Contract, DailyRate, Error, Money, TariffHistory};

fn money(text: &str) -> Result<Money, Error> {
    text.parse()
}

fn day(text: &str) -> Result<NaiveDate, Error> {
    text.parse().map_err(|_| Error::InvalidContract {
        contract: "sample".to_string(),
        field: "agreement",
        reason: format!("bad date {text:?}"),
    })
}

/// GAW Antoniushof with the tariff of 1 May 2020: small flats (< 47 m²)
/// €25.72 a day, large ones €29.33 (GAW-1), with the breakdown of GAW-2, a
/// hot meal at €7.50, the phone at €4.96 a year (GAW-3), a heating
/// advance per contract (GAW-4), bridging care and repainting at real cost
/// (GAW-5, GAW-11). Flats `A01` (42 m²) and `B01` (58 m²).
///
/// # Errors
///
/// None in practice; the data is fixed.
///
/// # Example
///
/// ```
/// let facility = care_core::sample::antoniushof_2020()?;
/// assert_eq!(facility.flats().len(), 2);
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn antoniushof_2020() -> Result<Facility, Error> {
    let bands = vec![
        SizeBand {
            name: "small".into(),
            label: "woning kleiner dan 47 m²".into(),
            lower: "0".parse()?,
            upper: Some("47".parse()?),
        },
        SizeBand {
            name: "large".into(),
            label: "woning groter dan 47 m²".into(),
            lower: "47".parse()?,
            upper: None,
        },
    ];
    let catalogue = vec![
        ExtraItem {
            house_rules: false,
            code: "hot_meal".into(),
            nature: "Warme maaltijd".into(),
            unit: "maaltijd".into(),
            category: ExtraCategory::HotMeal,
            pricing: ExtraPricing::Catalogue,
            billing: ExtraBilling::PerUse,
        },
        ExtraItem {
            house_rules: false,
            code: "phone".into(),
            nature: "Vaste telefoon met gratis gesprekken".into(),
            unit: "jaar".into(),
            category: ExtraCategory::Phone,
            pricing: ExtraPricing::Catalogue,
            billing: ExtraBilling::Yearly,
        },
        ExtraItem {
            house_rules: false,
            code: "heating_advance".into(),
            nature: "Voorschot verwarming en warm water".into(),
            unit: "maand".into(),
            category: ExtraCategory::Heating,
            pricing: ExtraPricing::PerContract,
            billing: ExtraBilling::MonthlyInAdvance,
        },
        ExtraItem {
            house_rules: false,
            code: "bridging_care".into(),
            nature: "Overbruggingszorg (reële kost)".into(),
            unit: "prestatie".into(),
            category: ExtraCategory::BridgingCare,
            pricing: ExtraPricing::RealCost,
            billing: ExtraBilling::PerUse,
        },
        ExtraItem {
            house_rules: false,
            code: "repainting".into(),
            nature: "Witschilderen van de woning".into(),
            unit: "woning".into(),
            category: ExtraCategory::EndOfStay,
            pricing: ExtraPricing::RealCost,
            billing: ExtraBilling::PerUse,
        },
    ];
    let prices = PriceList {
        bands: vec![
            BandPrice {
                band: "small".into(),
                daily: DailyRate::new(money("25.72")?)?,
                breakdown: Some(Breakdown {
                    right_of_use: money("16.47")?,
                    care_and_support: money("9.20")?,
                }),
            },
            BandPrice {
                band: "large".into(),
                daily: DailyRate::new(money("29.33")?)?,
                breakdown: Some(Breakdown {
                    right_of_use: money("20.08")?,
                    care_and_support: money("9.20")?,
                }),
            },
        ],
        extras: BTreeMap::from([
            ("hot_meal".into(), money("7.50")?),
            ("phone".into(), money("4.96")?),
        ]),
    };
    let tariff = TariffHistory::new(
        bands,
        catalogue,
        "tariff-2020",
        day("2020-05-01")?,
        "OCMW Gent, decision of 14 December 2020 (2020_GRMW_01370)",
        prices,
    )?;
    let info = FacilityInfo {
        id: "antoniushof".into(),
        name: "Groep van Assistentiewoningen Antoniushof".into(),
        kind: FacilityKind::Gaw,
        recognition: Some("CE 2043".into()),
        address: "Meelstraat 41, 9000 Gent".into(),
        operator: Operator {
            name: "OCMW Gent".into(),
            address: "Onderbergen 86, 9000 Gent".into(),
            iban: Some("BE68 5390 0754 7034".parse()?),
            bic: Some("GKCCBEBB".into()),
            creditor_id: Some("BE46ZZZ0212214125".into()),
            ..Operator::default()
        },
        invoice_prefix: "AH".into(),
        payment_code: 101,
        terms: Terms::default(),
    };
    let flats = vec![
        Flat {
            number: "A01".parse()?,
            area: "42".parse()?,
        },
        Flat {
            number: "B01".parse()?,
            area: "58".parse()?,
        },
    ];
    Facility::new(info, flats, tariff)
}

/// SAW Botermarktpoort with the care and support cost of €3.96 a day from
/// 1 January 2020 (SAW-1) and flats `1` and `2`.
///
/// # Errors
///
/// None in practice; the data is fixed.
pub fn botermarktpoort_2020() -> Result<Facility, Error> {
    let bands = vec![SizeBand {
        name: "flat".into(),
        label: "sociale assistentiewoning".into(),
        lower: "0".parse()?,
        upper: None,
    }];
    let catalogue = vec![ExtraItem {
        house_rules: false,
        code: "hot_meal".into(),
        nature: "Warme maaltijd".into(),
        unit: "maaltijd".into(),
        category: ExtraCategory::HotMeal,
        pricing: ExtraPricing::Catalogue,
        billing: ExtraBilling::PerUse,
    }];
    let prices = PriceList {
        bands: vec![BandPrice {
            band: "flat".into(),
            daily: DailyRate::new(money("3.96")?)?,
            breakdown: None,
        }],
        extras: BTreeMap::from([("hot_meal".into(), money("7.50")?)]),
    };
    let tariff = TariffHistory::new(
        bands,
        catalogue,
        "care-2020",
        day("2020-01-01")?,
        "OCMW Gent, decision of 14 December 2020 (2020_GRMW_01370)",
        prices,
    )?;
    let info = FacilityInfo {
        id: "botermarktpoort".into(),
        name: "Sociale Assistentiewoningen Botermarktpoort".into(),
        kind: FacilityKind::Saw,
        recognition: None,
        address: "Jozef Vervaenestraat 2-12, 9050 Ledeberg".into(),
        operator: Operator {
            name: "OCMW Gent".into(),
            address: "Onderbergen 86, 9000 Gent".into(),
            iban: Some("BE68 5390 0754 7034".parse()?),
            bic: Some("GKCCBEBB".into()),
            creditor_id: Some("BE46ZZZ0212214125".into()),
            ..Operator::default()
        },
        invoice_prefix: "BMP".into(),
        payment_code: 102,
        terms: Terms::default(),
    };
    let flats = vec![
        Flat {
            number: "1".parse()?,
            area: "55".parse()?,
        },
        Flat {
            number: "2".parse()?,
            area: "62".parse()?,
        },
    ];
    Facility::new(info, flats, tariff)
}

/// A GAW contract for one resident who pays it all, admitted on
/// `admission` (`YYYY-MM-DD`).
///
/// # Errors
///
/// As [`Contract::new`], and for a malformed date.
pub fn gaw_contract(
    facility: &Facility,
    id: &str,
    flat: &str,
    admission: &str,
) -> Result<Contract, Error> {
    let mut data = sample_data(id, flat)?;
    data.agreement = Agreement::Gaw {
        signed_on: day(admission)?,
        admission: day(admission)?,
        deposit_paid_on: None,
    };
    Contract::new(data, facility)
}

/// A SAW agreement for one resident, lease signed and care started on
/// `start` (`YYYY-MM-DD`).
///
/// # Errors
///
/// As [`Contract::new`], and for a malformed date.
pub fn saw_contract(
    facility: &Facility,
    id: &str,
    flat: &str,
    start: &str,
) -> Result<Contract, Error> {
    let start = day(start)?;
    let mut contract = sample_data(id, flat)?;
    contract.agreement = Agreement::Saw {
        signed_on: start,
        lease_signed: start,
        start,
        lease_reference: format!("WoninGent {id}"),
    };
    Contract::new(contract, facility)
}

/// The data of a one-resident contract; the agreement is filled in by the
/// caller.
///
/// # Errors
///
/// [`Error::InvalidId`] when `id` or `flat` cannot be an id.
pub fn sample_data(id: &str, flat: &str) -> Result<ContractData, Error> {
    Ok(ContractData {
        id: id.parse()?,
        flat: flat.parse()?,
        agreement: Agreement::Gaw {
            signed_on: NaiveDate::MIN,
            admission: NaiveDate::MIN,
            deposit_paid_on: None,
        },
        residents: vec![Resident {
            id: "r1".into(),
            name: format!("Bewoner {id}"),
            born: None,
            salutation: None,
            address: None,
            payer: None,
        }],
        representative: None,
        payers: vec![Payer {
            id: "p1".parse()?,
            name: format!("Bewoner {id}"),
            address: None,
            share: crate::Percent::HUNDRED,
        }],
        price_notices: vec![],
        events: vec![],
        extras: vec![],
        subscriptions: vec![],
        discounts: vec![],
        payments_on_account: vec![],
        settlements: vec![],
        mandates: vec![],
        deposit_account: None,
        next_of_kin: None,
        clearance_costs: vec![],
        damage_repairs: vec![],
        amendments: vec![],
    })
}

/// The invoice of `contract` for `month` alone, numbered first of its year
/// and issued on the month's last day: for examples that need an issued
/// invoice.
///
/// # Errors
///
/// As [`invoice_contract`](crate::assisted_living::billing::invoice_contract);
/// [`Error::InvalidInvoice`] when the month has nothing to invoice.
///
/// # Example
///
/// ```
/// let f = care_core::sample::antoniushof_2020()?;
/// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
/// let invoice = care_core::sample::invoice(&f, &c, "2026-06".parse()?)?;
/// assert_eq!(invoice.number(), "AH-2026-00001");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn invoice(
    facility: &Facility,
    contract: &Contract,
    month: crate::BillingMonth,
) -> Result<crate::Invoice, Error> {
    use crate::assisted_living::billing::{invoice_contract, MonthEndOptions};
    use crate::assisted_living::invoice::{InvoiceSequence, IssueOptions};
    let drafts = invoice_contract(facility, contract, &[], &MonthEndOptions::new(month))?;
    let mut numbers = InvoiceSequence::new(&facility.info().invoice_prefix, month.year(), 0);
    numbers
        .issue(drafts, &IssueOptions::new(month.last_day()))?
        .into_iter()
        .next()
        .ok_or_else(|| Error::InvalidInvoice {
            contract: contract.id().to_string(),
            month,
            reason: "nothing to invoice that month".to_string(),
        })
}
