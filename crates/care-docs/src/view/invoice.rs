//! The monthly invoice (SAW-5, GAW-7).

use care_core::assisted_living::invoice::{Invoice, InvoiceKind, LineKind};
use care_core::receivables::reference::EpcPayment;
use care_core::{Contract, Facility, Money, PayerId};
use serde::Serialize;

use super::{DocumentDate, IssuerView};
use crate::format;
use crate::Error;

/// One line of an invoice, formatted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineView {
    /// The nature.
    pub description: String,
    /// The period or date, `01/06/2026 – 13/06/2026`.
    pub when: String,
    /// Quantity with its unit, `13 dagen`, `4 maaltijd`.
    pub quantity: String,
    /// Unit price.
    pub unit_price: String,
    /// Amount.
    pub amount: String,
    /// The invoice a correction corrects.
    pub corrects: Option<String>,
}

/// A group of lines under one of the SAW-5 items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionView {
    /// Heading, such as `Dagprijs`.
    pub title: String,
    /// Its lines.
    pub lines: Vec<LineView>,
    /// The section's subtotal.
    pub subtotal: String,
}

/// A payer's part, with its payment details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShareView {
    /// The payer's name.
    pub name: String,
    /// The payer's address, if known.
    pub address: Option<String>,
    /// Share in percent.
    pub share: String,
    /// Amount.
    pub amount: String,
    /// How to pay it by transfer, when there is something to pay and the
    /// payer has no direct-debit mandate.
    pub payment: Option<PaymentView>,
    /// The SEPA pre-notification, for a payer who pays by direct debit: it
    /// is never asked to transfer, so it gets no transfer slip or QR code
    /// (GAW-8a).
    pub direct_debit: Option<DirectDebitView>,
}

/// The SEPA pre-notification of a direct debit (GAW-8a).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DirectDebitView {
    /// The amount to be collected: the share less the payer's credit.
    pub amount: String,
    /// The collection date.
    pub collection_date: String,
    /// The mandate reference.
    pub mandate: String,
    /// The creditor identifier.
    pub creditor_id: String,
    /// The structured communication the debit carries.
    pub communication: String,
}

/// Payment details and the EPC QR code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaymentView {
    /// Beneficiary.
    pub beneficiary: String,
    /// IBAN, grouped by four.
    pub iban: String,
    /// BIC.
    pub bic: String,
    /// Amount.
    pub amount: String,
    /// Structured communication `+++…+++`.
    pub communication: String,
    /// The EPC QR code, as grey pixels.
    pub qr: crate::qr::QrImage,
    /// The QR code's payload, for reference.
    pub qr_payload: String,
}

/// The terms of a payer who pays by direct debit (GAW-8a).
const DIRECT_DEBIT_TERMS: &str = "Dit bedrag wordt geïnd door Europese domiciliëring (zie de voorafgaande kennisgeving); u hoeft niets over te schrijven.";

/// Name and address in the window-envelope position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AddresseeView {
    /// The name, or the heirs through whom a deceased payer is reached.
    pub name: String,
    /// The address, line by line.
    pub address: Vec<String>,
}

/// Everything the invoice template prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvoiceView {
    /// `Factuur`, `Creditnota` or `Correctiefactuur`.
    pub title: String,
    /// Correction or credit note: a visible mark.
    pub is_correction: bool,
    /// Invoice number.
    pub number: String,
    /// Invoice date, `30/06/2026`.
    pub date: String,
    /// Due date.
    pub due: String,
    /// The document's date for the PDF metadata.
    pub document_date: DocumentDate,
    /// Issuer.
    pub issuer: IssuerView,
    /// 1° identity: residents.
    pub residents: Vec<String>,
    /// The representative.
    pub representative: Option<String>,
    /// Contract id.
    pub contract: String,
    /// Flat number.
    pub flat: String,
    /// Invoiced month, `juni 2026`.
    pub month: String,
    /// 2° days stayed, `13 dagen, van 01/06/2026 tot en met 13/06/2026`.
    pub stay: Option<String>,
    /// 3° … 6° and corrections, by section.
    pub sections: Vec<SectionView>,
    /// 7° net total.
    pub total: String,
    /// `Totaal te betalen` or `Totaal in uw voordeel`.
    pub total_label: String,
    /// Each payer's share (GAW-7).
    pub shares: Vec<ShareView>,
    /// The payer this copy is addressed to, printed in the window of a
    /// window envelope; `None` on the reference copy of the whole invoice.
    pub addressee: Option<AddresseeView>,
    /// The invoices this one corrects.
    pub corrects: Vec<String>,
    /// Payment terms in words.
    pub terms: String,
    /// The VAT-exemption mention.
    pub vat: String,
}

fn section_title(kind: LineKind, saw: bool) -> &'static str {
    match kind {
        LineKind::DailyPrice if saw => "Zorg- en ondersteuningskost",
        LineKind::DailyPrice => "Dagprijs",
        LineKind::Discount => "Kortingen",
        LineKind::Extra => "Extra vergoedingen",
        LineKind::CancellationFee => "Verbrekingsvergoeding",
        LineKind::Advance => "Voorschotten volgende maand",
        LineKind::AlreadyPaid => "Reeds betaald",
        LineKind::Interest => "Wettelijke interest",
        LineKind::Correction => "Correcties op vorige facturen",
    }
}

fn plural_unit(unit: &str, quantity: rust_decimal::Decimal) -> String {
    match (unit, quantity == rust_decimal::Decimal::ONE) {
        ("dag", false) => "dagen".to_string(),
        (u, _) => u.to_string(),
    }
}

/// The view of an issued invoice.
///
/// # Errors
///
/// [`Error::Data`] for a structured communication or QR payload that cannot
/// be made (an invoice number not from an [`care_core::assisted_living::invoice::InvoiceSequence`], an invalid
/// IBAN).
///
/// # Example
///
/// ```
/// # let f = care_core::sample::antoniushof_2020()?;
/// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
/// # let invoice = care_core::sample::invoice(&f, &c, "2026-06".parse()?)?;
/// let view = care_docs::view::invoice_view(&invoice, &f, &c)?;
/// assert_eq!(view.title, "Factuur");
/// let payment = view.shares[0].payment.as_ref();
/// assert!(payment.is_some_and(|p| p.communication.starts_with("+++")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn invoice_view(
    invoice: &Invoice,
    facility: &Facility,
    contract: &Contract,
) -> Result<InvoiceView, Error> {
    let saw = facility.kind() == care_core::assisted_living::facility::FacilityKind::Saw;
    let header = invoice.header();
    let mut sections: Vec<(LineKind, SectionView, Money)> = Vec::new();
    for line in invoice.lines() {
        let when = line
            .period()
            .map(format::period_short)
            .or(line.date().map(format::date_short))
            .unwrap_or_default();
        let view = LineView {
            description: line.description().to_string(),
            when,
            // A percentage discount prints its percentage (SAW-17).
            quantity: match line.percent() {
                Some(percent) => format!("{} %", format::quantity(percent.value())),
                None => format!(
                    "{} {}",
                    format::quantity(line.quantity()),
                    plural_unit(line.unit(), line.quantity())
                ),
            },
            unit_price: format::money(line.unit_price()),
            amount: format::money(line.amount()),
            corrects: line.corrects().map(ToString::to_string),
        };
        match sections.iter_mut().find(|(k, _, _)| *k == line.kind()) {
            Some((_, section, subtotal)) => {
                section.lines.push(view);
                *subtotal += line.amount();
            }
            None => sections.push((
                line.kind(),
                SectionView {
                    title: section_title(line.kind(), saw).to_string(),
                    lines: vec![view],
                    subtotal: String::new(),
                },
                line.amount(),
            )),
        }
    }
    let sections = sections
        .into_iter()
        .map(|(_, mut section, subtotal)| {
            section.subtotal = format::money(subtotal);
            section
        })
        .collect();
    let info = facility.info();
    let mut shares = Vec::new();
    for share in invoice.shares() {
        // GAW-9a: each payer pays its share with its own communication.
        let communication = invoice.communication(&share.payer, info.payment_code)?;
        let payer = contract.payers().iter().find(|p| p.id == share.payer);
        let nothing_due = share.amount.is_negative() || share.amount.is_zero();
        let mandate = contract
            .data()
            .mandates
            .iter()
            .find(|m| m.payer == share.payer);
        // GAW-8a: a payer with a mandate is pre-notified, never asked to
        // transfer; a credit note is never collected.
        let direct_debit = match (
            mandate,
            nothing_due || header.kind == InvoiceKind::CreditNote,
        ) {
            (Some(mandate), false) => Some(DirectDebitView {
                amount: format::money(share.amount),
                collection_date: format::date_long(
                    care_core::assisted_living::collection::collection_date(
                        facility,
                        invoice.issued_on(),
                    ),
                ),
                mandate: mandate.id.clone(),
                creditor_id: info.operator.creditor_id.clone().unwrap_or_default(),
                communication: communication.to_string(),
            }),
            _ => None,
        };
        let payment = match (&info.operator.iban, nothing_due || mandate.is_some()) {
            (Some(iban), false) => {
                let epc = EpcPayment {
                    bic: info.operator.bic.clone().unwrap_or_default(),
                    name: info.operator.name.clone(),
                    iban: iban.clone(),
                    amount: share.amount,
                    reference: communication,
                };
                let (qr, qr_payload) = crate::qr::epc_qr(&epc)?;
                Some(PaymentView {
                    beneficiary: info.operator.name.clone(),
                    iban: iban.to_string(),
                    bic: epc.bic,
                    amount: format::money(share.amount),
                    communication: communication.to_string(),
                    qr,
                    qr_payload,
                })
            }
            _ => None,
        };
        shares.push(ShareView {
            name: payer_name(invoice, contract, &share.payer, &share.name),
            address: payer.and_then(|p| p.address.clone()),
            share: format::percent(share.share),
            amount: format::money(share.amount),
            payment,
            direct_debit,
        });
    }
    let (title, is_correction) = match header.kind {
        InvoiceKind::Regular => ("Factuur", false),
        InvoiceKind::Correction => ("Correctiefactuur", true),
        InvoiceKind::CreditNote => ("Creditnota", true),
    };
    let total = invoice.total();
    // GAW-8a: the transfer terms only where someone pays by transfer.
    let terms = if shares.iter().any(|s| s.payment.is_some())
        || shares.iter().all(|s| s.direct_debit.is_none())
    {
        format!(
                "Te betalen uiterlijk op {} (30 kalenderdagen na ontvangst), met de gestructureerde mededeling; wie een domiciliëring heeft, hoeft niets over te schrijven. Bij laattijdige betaling is de wettelijke interest verschuldigd.",
                format::date_long(invoice.due_on())
            )
    } else {
        "Dit bedrag wordt geïnd door Europese domiciliëring (zie de voorafgaande kennisgeving); u hoeft niets over te schrijven.".to_string()
    };
    Ok(InvoiceView {
        title: title.to_string(),
        is_correction,
        number: invoice.number().to_string(),
        date: format::date_short(invoice.issued_on()),
        due: format::date_short(invoice.due_on()),
        document_date: invoice.issued_on().into(),
        issuer: IssuerView::of(facility),
        residents: header.details.residents.clone(),
        representative: header.details.representative.clone(),
        contract: header.contract.to_string(),
        flat: header.details.flat.to_string(),
        month: format::month_long(header.month),
        stay: header.details.stay.map(|s| {
            format!(
                "{}, van {} tot en met {}",
                format::days(s.days),
                format::date_short(s.first),
                format::date_short(s.last)
            )
        }),
        sections,
        total: format::money(total),
        total_label: if total.is_negative() {
            "Totaal in uw voordeel"
        } else {
            "Totaal te betalen"
        }
        .to_string(),
        shares,
        addressee: None,
        corrects: invoice
            .corrected_invoices()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        terms,
        vat: invoice.vat_mention().to_string(),
    })
}

/// One document per payer of an invoice (GAW-7): each addressed to its
/// payer in the window-envelope position, with that payer's own share and
/// how it pays it (transfer slip and EPC QR code, or the SEPA
/// pre-notification, GAW-8a), and the whole invoice for reference. A payer
/// who is a resident no longer living is reached through the
/// representative or the heirs (GAW-15a, GAW-28).
///
/// **Decision:** a payer without an address of its own who lives in the
/// flat is addressed at the flat (the facility's address, `bus` the flat).
///
/// # Errors
///
/// As [`invoice_view`]; [`Error::Missing`] for a payer with no address who
/// does not live in the flat.
///
/// # Example
///
/// ```
/// # let f = care_core::sample::antoniushof_2020()?;
/// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
/// # let issued = [care_core::sample::invoice(&f, &c, "2026-06".parse()?)?];
/// let copies = care_docs::view::payer_invoice_views(&issued[0], &f, &c)?;
/// assert_eq!(copies.len(), 1);
/// let (payer, view) = &copies[0];
/// assert_eq!(payer, "p1");
/// assert!(view.addressee.as_ref().is_some_and(|a| a.address.iter().any(|l| l.contains("bus A01"))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn payer_invoice_views(
    invoice: &Invoice,
    facility: &Facility,
    contract: &Contract,
) -> Result<Vec<(PayerId, InvoiceView)>, Error> {
    let whole = invoice_view(invoice, facility, contract)?;
    let data = contract.data();
    let mut copies = Vec::with_capacity(invoice.shares().len());
    for (index, share) in invoice.shares().iter().enumerate() {
        let payer = contract.payers().iter().find(|p| p.id == share.payer);
        let resident = payer.and_then(|p| contract.resident_of(p));
        let gone = resident_gone(invoice, contract, &share.payer);
        let flat_address = || {
            vec![
                facility.info().name.clone(),
                format!("{} bus {}", facility.info().address, data.flat),
            ]
        };
        let addressee = if gone {
            // GAW-28: never to the resident who died; through the heirs or
            // the representative, at the representative's address if known.
            let name = super::letters::addressee_line(
                &care_core::assisted_living::settlement::addressee(contract, invoice.issued_on()),
            );
            let address = data
                .representative
                .as_ref()
                .and_then(|r| r.address.clone())
                .map(|a| split_address(&a))
                .unwrap_or_default();
            AddresseeView { name, address }
        } else {
            let address = match payer.and_then(|p| p.address.clone()) {
                Some(a) => split_address(&a),
                None if resident.is_some() => flat_address(),
                None => {
                    return Err(Error::Missing {
                        document: "invoice",
                        subject: format!("{} payer {}", invoice.number(), share.payer),
                        missing: "a postal address",
                    })
                }
            };
            AddresseeView {
                name: share.name.clone(),
                address,
            }
        };
        let mut view = whole.clone();
        for (i, s) in view.shares.iter_mut().enumerate() {
            if i != index {
                s.payment = None;
                s.direct_debit = None;
            }
        }
        if view.shares[index].direct_debit.is_some() {
            view.terms = DIRECT_DEBIT_TERMS.to_string();
        }
        view.addressee = Some(addressee);
        copies.push((share.payer.clone(), view));
    }
    Ok(copies)
}

/// Whether `payer` is a resident of the contract who no longer lived in
/// the flat when the invoice was issued.
fn resident_gone(invoice: &Invoice, contract: &Contract, payer: &PayerId) -> bool {
    let life = contract.lifecycle();
    contract
        .payers()
        .iter()
        .find(|p| p.id == *payer)
        .and_then(|p| contract.resident_of(p))
        .is_some_and(|r| !life.lives_on(&r.id, invoice.issued_on()))
}

/// The name a share is paid under: the payer's, or for a resident who no
/// longer lives in the flat, the contract's addressee inside a sentence:
/// the living residents, the representative, or the heirs through the next
/// of kin (GAW-28, GAW-15a).
fn payer_name(invoice: &Invoice, contract: &Contract, payer: &PayerId, name: &str) -> String {
    if !resident_gone(invoice, contract, payer) {
        return name.to_string();
    }
    super::letters::addressee_inline(&care_core::assisted_living::settlement::addressee(
        contract,
        invoice.issued_on(),
    ))
}

fn split_address(address: &str) -> Vec<String> {
    address
        .split(',')
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

impl InvoiceView {
    /// The pre-notified amounts of the direct-debit payers, from the
    /// collections of the batch (the share less each payer's credit,
    /// GAW-8a); a payer whose credit covers its share is told nothing will
    /// be collected.
    ///
    /// # Example
    ///
    /// ```
    /// # let f = care_core::sample::antoniushof_2020()?;
    /// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
    /// # let invoice = care_core::sample::invoice(&f, &c, "2026-06".parse()?)?;
    /// let view = care_docs::view::invoice_view(&invoice, &f, &c)?.with_collections(invoice.number(), &[]);
    /// assert!(view.shares.iter().all(|s| s.direct_debit.is_none()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_collections(
        mut self,
        number: &care_core::InvoiceNumber,
        collections: &[care_core::receivables::sepa::Collection],
    ) -> InvoiceView {
        for share in &mut self.shares {
            let Some(debit) = share.direct_debit.as_mut() else {
                continue;
            };
            let collected = collections
                .iter()
                .find(|c| c.invoice == number && c.mandate.id == debit.mandate)
                .map(|c| c.amount)
                .unwrap_or(care_core::Money::ZERO);
            debit.amount = format::money(collected);
        }
        self
    }
}
