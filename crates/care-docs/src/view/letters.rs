//! Letters: the written notice of a price change (GAW-6, SAW-3), the final
//! settlement (GAW-11, SAW-8) and dunning letters (GAW-9).

use care_core::assisted_living::indexation::{PriceNotice, PriceSchedule, PricedItem};
use care_core::assisted_living::settlement::Addressee;
use care_core::assisted_living::tariff::ChangeKind;
use care_core::{Contract, Facility};
use serde::Serialize;

use super::{DocumentDate, IssuerView};
use crate::{format, Error};

/// One price that changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriceChangeLine {
    /// What: `Dagprijs woning kleiner dan 47 m²`, `Warme maaltijd`.
    pub what: String,
    /// Old price.
    pub old: String,
    /// New price.
    pub new: String,
}

/// The written, individual notice of a price change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriceNoticeView {
    /// Issuer.
    pub issuer: IssuerView,
    /// Addressees: residents and representative.
    pub addressees: Vec<String>,
    /// Contract id.
    pub contract: String,
    /// Date of the letter, in words.
    pub date: String,
    /// The document's date.
    pub document_date: DocumentDate,
    /// `indexatie` or `prijsaanpassing`.
    pub kind: String,
    /// The prices that change, this contract's daily price first.
    pub changes: Vec<PriceChangeLine>,
    /// For an indexation: the index figures and the calculation.
    pub calculation: Option<String>,
    /// For an approved increase: the approval.
    pub approval: Option<String>,
    /// The day from which the new prices apply, in words (at least 30 days
    /// after the letter).
    pub applies_from: String,
    /// The notice period in words, `30 dagen`.
    pub notice_period: String,
}

/// The notice of price change `notice.change` to a contract, dated
/// `notice.notified_on`.
///
/// # Errors
///
/// [`Error::Data`] for an unknown change, one that is the facility's first
/// tariff, or a notice that names a date less than 30 days ahead (GAW-6).
///
/// # Example
///
/// ```
/// use care_core::assisted_living::indexation::PriceNotice;
/// use care_core::assisted_living::tariff::ApprovedChange;
/// use chrono::NaiveDate;
/// let f = care_core::sample::antoniushof_2020()?;
/// let mut tariff = f.tariff().clone();
/// tariff.approve(&ApprovedChange { id: "MEAL".into(), effective_from: NaiveDate::from_ymd_opt(2026, 7, 1),
///     reference: "Vast Bureau 2026-04-02".into(), extras: [("hot_meal".to_string(), "8.10".parse()?)].into(), ..Default::default() })?;
/// let f = care_core::Facility::new(f.info().clone(), f.flats().to_vec(), tariff)?;
/// let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2025-01-01")?;
/// let notice = PriceNotice { change: "MEAL".into(), notified_on: care_core::calendar::date(2026, 5, 20)?, effective_on: None, representative_notified_on: None };
/// let view = care_docs::view::price_notice_view(&c, &f, &notice)?;
/// assert_eq!(view.applies_from, "1 juli 2026");
/// assert_eq!(view.changes[0].new, "€ 8,10");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn price_notice_view(
    contract: &Contract,
    facility: &Facility,
    notice: &PriceNotice,
) -> Result<PriceNoticeView, Error> {
    let tariff = facility.tariff();
    let index = tariff.version_index(&notice.change)?;
    if index == 0 {
        return Err(care_core::Error::InvalidPriceChange {
            id: notice.change.clone(),
            reason: "is the first tariff, not a change".to_string(),
        }
        .into());
    }
    let (old, new) = (&tariff.versions()[index - 1], &tariff.versions()[index]);
    // GAW-6: the letter states what this change alters for this contract,
    // from its own prices, and from the day its own notice allows.
    let applies_from = notice.applies_from(new.effective_from, facility.terms().price_notice_days);
    let band = contract.band();
    // The contract's prices with this notice, whether or not it is recorded
    // on the contract yet (a letter is often drawn up before it is sent).
    let mut notices = contract.data().price_notices.clone();
    notices.retain(|n| n.change != notice.change);
    notices.push(notice.clone());
    let agreement = &contract.data().agreement;
    let schedule = PriceSchedule::for_contract(
        tariff,
        care_core::DateRange::new(agreement.signed_on(), agreement.start())?,
        &notices,
        facility.terms().price_notice_days,
        contract.id(),
    )?;
    let contract_changes = schedule
        .what_changes(tariff, band, &notice.change)?
        .map(|(_, changes)| changes)
        .unwrap_or_default();
    let label = tariff
        .bands()
        .iter()
        .find(|b| b.name == band)
        .map_or(String::new(), |b| b.label.clone());
    let changes = contract_changes
        .iter()
        .map(|c| PriceChangeLine {
            what: match &c.item {
                PricedItem::Daily { .. } => format!("Dagprijs {label}").trim().to_string(),
                PricedItem::Extra { code } => tariff
                    .extra(code)
                    .map_or(code.clone(), |i| i.nature.clone()),
            },
            old: c.old.map_or("—".to_string(), format::money),
            new: format::money(c.new),
        })
        .collect();
    let (old_daily, new_daily) = (
        old.prices.band(band)?.daily.amount(),
        new.prices.band(band)?.daily.amount(),
    );
    let (kind, calculation, approval) = match &new.kind {
        ChangeKind::Indexation {
            base_month,
            base_index,
            index_month,
            new_index,
        } => (
            "indexatie",
            Some(format!(
                "{} × {} / {} = {} (consumptieprijsindex {} en {}, afgerond op de cent)",
                format::money(old_daily),
                format::quantity(*new_index),
                format::quantity(*base_index),
                format::money(new_daily),
                format::month_long(*index_month),
                format::month_long(*base_month)
            )),
            None,
        ),
        ChangeKind::Approved { reference } => ("prijsaanpassing", None, Some(reference.clone())),
        ChangeKind::Initial { .. } => ("prijsaanpassing", None, None),
    };
    let data = contract.data();
    // GAW-6: each living resident and the representative individually;
    // never a resident who died or left (GAW-15a).
    let mut addressees: Vec<String> =
        match care_core::assisted_living::settlement::addressee(contract, notice.notified_on) {
            Addressee::Residents { names } => names,
            Addressee::Representative { .. } => Vec::new(),
            Addressee::Heirs { of, care_of } => vec![heirs_of(&of, care_of.as_deref(), true)],
        };
    if let Some(r) = &data.representative {
        addressees.push(format!("{} (vertegenwoordiger)", r.name));
    }
    Ok(PriceNoticeView {
        issuer: IssuerView::of(facility),
        addressees,
        contract: data.id.to_string(),
        date: format::date_long(notice.notified_on),
        document_date: notice.notified_on.into(),
        kind: kind.to_string(),
        changes,
        calculation,
        approval,
        applies_from: format::date_long(applies_from),
        notice_period: format::days(facility.terms().price_notice_days),
    })
}

/// One line of a final settlement: who owes whom what for what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettlementItem {
    /// What, such as `Openstaand saldo facturen` or `Waarborg met interest`.
    pub description: String,
    /// The amount, positive when owed to the operator.
    pub amount: String,
}

/// A final settlement at the end of a contract (GAW-11, GAW-13, SAW-8,
/// SAW-13).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettlementView {
    /// Issuer.
    pub issuer: IssuerView,
    /// The addressee: resident, representative or heirs.
    pub addressee: String,
    /// Contract id.
    pub contract: String,
    /// `Eindafrekening`, or `Voorlopige afrekening` for a settlement drawn
    /// up before the last invoice of the stay or the inventory check
    /// (GAW-27).
    pub title: String,
    /// For a provisional settlement: what it waits for and that the
    /// deposit stays held, in a sentence.
    pub provisional: Option<String>,
    /// The end of the contract, in words.
    pub ended_on: String,
    /// Why it ended.
    pub reason: String,
    /// Date of the letter, in words.
    pub date: String,
    /// The document's date.
    pub document_date: DocumentDate,
    /// The lines.
    pub items: Vec<SettlementItem>,
    /// The balance.
    pub balance: String,
    /// Who pays whom: `Te betalen aan OCMW Gent` or `Terug te betalen aan …`.
    pub conclusion: String,
}

/// A step of the dunning ladder (GAW-9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DunningStep {
    /// First letter asking for payment.
    FirstLetter,
    /// Second reminder.
    SecondReminder,
    /// Formal notice (ingebrekestelling).
    FormalNotice,
}

/// One open invoice in a dunning letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DunningLetter {
    /// Invoice number.
    pub number: String,
    /// Invoice date.
    pub date: String,
    /// Due date.
    pub due: String,
    /// Open amount.
    pub open: String,
}

/// A dunning letter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DunningView {
    /// Issuer.
    pub issuer: IssuerView,
    /// The payer.
    pub addressee: String,
    /// Contract id.
    pub contract: String,
    /// Date of the letter, in words.
    pub date: String,
    /// The document's date.
    pub document_date: DocumentDate,
    /// Which step.
    pub step: DunningStep,
    /// The step's title: `Herinnering`, `Tweede herinnering`, `Ingebrekestelling`.
    pub title: String,
    /// The open invoices.
    pub invoices: Vec<DunningLetter>,
    /// Statutory interest so far, with days and rate, if any.
    pub interest: Option<String>,
    /// Total to pay.
    pub total: String,
    /// Pay by, in words.
    pub pay_by: String,
    /// Structured communication.
    pub communication: String,
}

/// The final settlement letter of a contract, from care-core's
/// [`FinalSettlement`](care_core::assisted_living::settlement::FinalSettlement).
///
/// # Example
///
/// ```
/// use care_core::assisted_living::event::Event;
/// use care_core::assisted_living::settlement::{final_settlement, SettlementOptions};
/// use care_core::calendar::date;
/// let f = care_core::sample::antoniushof_2020()?;
/// let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
/// c.record(Event::Death { resident: "r1".into(), on: date(2026, 6, 10)? }, &f)?;
/// let s = final_settlement(&c, date(2026, 7, 10)?, &SettlementOptions::default())?;
/// let view = care_docs::view::final_settlement_view(&s, &f, &c);
/// assert!(view.addressee.starts_with("De erfgenamen van"));
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn final_settlement_view(
    settlement: &care_core::assisted_living::settlement::FinalSettlement,
    facility: &Facility,
    contract: &Contract,
) -> SettlementView {
    use care_core::assisted_living::lifecycle::EndReason;
    let life = contract.lifecycle();
    let addressee = addressee_line(&settlement.addressee);
    let (ended_on, reason) = match (
        life.cancellation(),
        life.last_billable_day(),
        life.end_reason(),
    ) {
        (Some(c), _, _) => (c.on, "annulering vóór de opname".to_string()),
        (None, Some(last), reason) => (
            last,
            match reason {
                Some(EndReason::ResidentNotice { .. }) => "opzeg door de bewoner".to_string(),
                Some(EndReason::OperatorNotice { .. }) => "opzeg door OCMW".to_string(),
                Some(EndReason::Health { .. }) => "gezondheidsredenen".to_string(),
                Some(EndReason::Death { on, .. }) => {
                    format!("overlijden op {}", format::date_long(*on))
                }
                Some(EndReason::LeaseEnded { .. }) => "einde van het huurcontract".to_string(),
                Some(EndReason::OperatorProposal { ground, .. }) => format!(
                    "einde van het huurcontract op gemotiveerd voorstel van OCMW ({})",
                    saw_ground(ground)
                ),
                Some(EndReason::Reoccupied { .. }) => "nieuwe bewoning van de woning".to_string(),
                None => "einde van de overeenkomst".to_string(),
            },
        ),
        (None, None, _) => (settlement.on, "einde van de overeenkomst".to_string()),
    };
    let balance = settlement.balance;
    let operator = &facility.info().operator.name;
    let inside = addressee_inline(&settlement.addressee);
    // GAW-15a: the next of kin owe their costs themselves; the estate's
    // side (the stay and the deposit) is settled apart, never set off
    // against them.
    let kin = &settlement.next_of_kin_costs;
    let estate = if kin.is_zero() {
        balance
    } else {
        settlement.stay_costs
    };
    let mut conclusion = if estate.is_negative() {
        format!(
            "{operator} betaalt {} terug aan {inside}",
            format::money(-estate)
        )
    } else if estate.is_zero() {
        "Er blijft niets te betalen".to_string()
    } else if settlement.recoverable - settlement.next_of_kin_costs < estate {
        // GAW-15a, SAW-13: the estate answers for the stay up to its assets.
        format!(
            "Te betalen aan {operator}: {}, waarvan {} verhaalbaar op de nalatenschap",
            format::money(estate),
            format::money(settlement.recoverable - settlement.next_of_kin_costs)
        )
    } else {
        format!("Te betalen aan {operator}: {}", format::money(estate))
    };
    if !kin.is_zero() {
        let who = contract
            .data()
            .next_of_kin
            .as_ref()
            .map_or("de nabestaanden".to_string(), |k| k.name.clone());
        conclusion.push_str(&format!(
            "; {who} betaalt {} aan {operator}, volledig ten laste van de nabestaanden",
            format::money(*kin)
        ));
    }
    // GAW-27: a settlement before the last invoice or the inventory check
    // is provisional and says so.
    let provisional = settlement.is_provisional().then(|| {
        use care_core::assisted_living::settlement::Pending;
        let waits: Vec<String> = settlement
            .pending
            .iter()
            .map(|p| match p {
                Pending::Inventory => {
                    "de plaatsbeschrijving bij het einde van het verblijf is nog niet nagezien"
                        .to_string()
                }
                Pending::LastInvoice { on } => format!(
                    "de kosten van het verblijf tot en met {} zijn nog niet alle gefactureerd",
                    format::date_long(*on)
                ),
            })
            .collect();
        let mut text = format!("Deze afrekening is voorlopig: {}", waits.join(", en "));
        if let Some(held) = settlement.deposit_held {
            text.push_str(&format!(
                ". De waarborg van {} blijft geblokkeerd tot de eindafrekening",
                format::money(held)
            ));
        }
        text
    });
    let title = if provisional.is_some() {
        "Voorlopige afrekening"
    } else {
        "Eindafrekening"
    };
    SettlementView {
        issuer: IssuerView::of(facility),
        addressee,
        contract: contract.id().to_string(),
        title: title.to_string(),
        provisional,
        ended_on: format::date_long(ended_on),
        reason,
        date: format::date_long(settlement.on),
        document_date: settlement.on.into(),
        items: settlement
            .lines
            .iter()
            .map(|l| SettlementItem {
                description: l.description.clone(),
                amount: format::money(l.amount),
            })
            .collect(),
        balance: format::money(balance),
        conclusion,
    }
}

/// The Dutch name of a ground in the SAW house rules 4.3–4.4 (SAW-16); an
/// other ground is printed as recorded.
fn saw_ground(ground: &care_core::assisted_living::event::SawGround) -> &str {
    use care_core::assisted_living::event::SawGround;
    match ground {
        SawGround::Health => "gezondheidsredenen",
        SawGround::NonPayment => "niet-nakomen van de financiële verplichtingen",
        SawGround::DisruptiveBehaviour => "storend gedrag",
        SawGround::CriminalActs => "strafbare feiten",
        SawGround::Other(name) => name,
    }
}

/// A dunning letter for a payer's status on the ladder, with the statutory
/// interest so far when given.
///
/// # Errors
///
/// [`Error::Missing`] when the payer is at no step (nothing to dun);
/// [`Error::Data`] for an invoice number without a structured communication.
pub fn dunning_letter_view(
    status: &care_core::receivables::dunning::DunningStatus,
    statement: &care_core::receivables::ledger::Statement,
    facility: &Facility,
    contract: &Contract,
    interest: Option<&care_core::receivables::interest::Interest>,
) -> Result<DunningView, Error> {
    use care_core::receivables::dunning::DunningStepKind;
    let step = match status.step {
        Some(DunningStepKind::FirstLetter) => DunningStep::FirstLetter,
        Some(DunningStepKind::SecondReminder) => DunningStep::SecondReminder,
        Some(DunningStepKind::FormalNotice) => DunningStep::FormalNotice,
        _ => {
            return Err(Error::Missing {
                document: "dunning letter",
                subject: format!("{} payer {}", contract.id(), status.payer),
                missing: "a step with a letter",
            })
        }
    };
    let title = match step {
        DunningStep::FirstLetter => "Herinnering",
        DunningStep::SecondReminder => "Tweede herinnering",
        DunningStep::FormalNotice => "Ingebrekestelling",
    };
    let open: Vec<_> = statement
        .open_items()
        .filter(|i| status.invoices.contains(&i.invoice))
        .collect();
    let owed: care_core::Money = open.iter().map(|i| i.open).sum();
    let interest_amount = interest.map_or(care_core::Money::ZERO, |i| i.amount);
    let first = open.first();
    let communication =
        first
            .and_then(|i| i.communication)
            .ok_or_else(|| care_core::Error::InvalidReference {
                reference: first.map_or_else(String::new, |i| i.invoice.to_string()),
                reason: format!(
                    "payer {} has no open invoice with a structured communication",
                    status.payer
                ),
            })?;
    let payer = contract.payers().iter().find(|p| p.id == status.payer);
    let payer_name = payer.map_or_else(|| status.payer.to_string(), |p| p.name.clone());
    // GAW-15a: a payer who is a resident no longer living is reached through
    // the contract's addressee (representative or heirs), never by name.
    let payer_is_gone = payer
        .and_then(|p| contract.resident_of(p))
        .is_some_and(|r| !contract.lifecycle().lives_on(&r.id, status.at));
    let addressee = if payer_is_gone {
        addressee_line(&care_core::assisted_living::settlement::addressee(
            contract, status.at,
        ))
    } else {
        payer_name
    };
    Ok(DunningView {
        issuer: IssuerView::of(facility),
        addressee,
        contract: contract.id().to_string(),
        date: format::date_long(status.at),
        document_date: status.at.into(),
        step,
        title: title.to_string(),
        invoices: open
            .iter()
            .map(|i| DunningLetter {
                number: i.invoice.to_string(),
                date: format::date_short(i.issued_on),
                due: format::date_short(i.due_on),
                open: format::money(i.open),
            })
            .collect(),
        interest: interest.map(|i| {
            format!(
                "Wettelijke interest tot {}: {} dagen, {}",
                format::date_short(status.at),
                i.days(),
                format::money(i.amount)
            )
        }),
        total: format::money(owed + interest_amount),
        pay_by: format::date_long(status.at + chrono::Duration::days(15)),
        communication: communication.to_string(),
    })
}

/// The heirs of a resident, through whom letters reach them.
/// The heirs of `of`, reached through `care_of`: "De erfgenamen van …" at
/// the head of an address, "de erfgenamen van …" inside a sentence.
fn heirs_of(of: &str, care_of: Option<&str>, head: bool) -> String {
    let article = if head { "De" } else { "de" };
    match care_of {
        Some(c) => format!("{article} erfgenamen van {of}, p/a {c}"),
        None => format!("{article} erfgenamen van {of}"),
    }
}

/// The addressee inside a sentence, where the heirs are "de erfgenamen".
pub(crate) fn addressee_inline(addressee: &Addressee) -> String {
    match addressee {
        Addressee::Heirs { of, care_of } => heirs_of(of, care_of.as_deref(), false),
        other => addressee_line(other),
    }
}

/// The addressee line of a letter (GAW-15a): living residents, the
/// representative, or the heirs.
pub(crate) fn addressee_line(addressee: &Addressee) -> String {
    match addressee {
        Addressee::Residents { names } => names.join(" en "),
        Addressee::Representative { name } => name.clone(),
        Addressee::Heirs { of, care_of } => heirs_of(of, care_of.as_deref(), true),
    }
}
