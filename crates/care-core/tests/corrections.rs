//! Re-runs and corrections: issued invoices are never edited; what changed
//! is corrected on the next run, naming the invoice and the days.

use care_core::assisted_living::billing::{month_end, MonthEndOptions};
use care_core::assisted_living::contract::{ExtraCharge, Subscription};
use care_core::assisted_living::event::Event;
use care_core::assisted_living::indexation::PriceNotice;
use care_core::assisted_living::invoice::{
    Invoice, InvoiceKind, InvoiceSequence, IssueOptions, LineKind,
};
use care_core::assisted_living::tariff::ApprovedChange;
use care_core::sample::{antoniushof_2020, gaw_contract};
use care_core::{BillingMonth, Contract, Error, Facility, Money};
use chrono::NaiveDate;
use rust_decimal_macros::dec;

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn eur(text: &str) -> Money {
    text.parse().unwrap()
}

/// Runs and issues one month, appending to `history`; returns what was issued.
fn run(
    facility: &Facility,
    contracts: &[Contract],
    history: &mut Vec<Invoice>,
    month: &str,
    seq: &mut InvoiceSequence,
) -> Vec<Invoice> {
    let month: BillingMonth = month.parse().unwrap();
    let result = month_end(facility, contracts, history, &MonthEndOptions::new(month));
    assert!(result.failures.is_empty(), "{:?}", result.failures);
    let issued = seq
        .issue(result.invoices, &IssueOptions::new(month.last_day()))
        .unwrap();
    history.extend(issued.clone());
    issued
}

fn summary(invoice: &Invoice) -> Vec<String> {
    invoice
        .lines()
        .iter()
        .map(|l| {
            let when = l
                .period()
                .map(|p| p.to_string())
                .or(l.date().map(|d| d.to_string()))
                .unwrap_or_default();
            format!(
                "{:?} {} {} × {} = {} {}",
                l.kind(),
                when,
                l.quantity(),
                l.unit_price().to_plain_string(),
                l.amount().to_plain_string(),
                l.corrects().map_or("", |n| n.as_str())
            )
        })
        .collect()
}

#[test]
fn a_death_reported_late_is_credited_on_a_credit_note() {
    // GAW-15: death on 10 June, keys on 13 June, reported in July after
    // June was invoiced in full.
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-1", "B01", "2025-01-01").unwrap();
    c.add_subscription(
        Subscription {
            amendment: None,
            id: "heat".into(),
            code: "heating_advance".into(),
            from: d("2025-01-01"),
            until: None,
            amount: Some(eur("45.00")),
        },
        &f,
    )
    .unwrap();
    c.add_extra(
        ExtraCharge {
            id: "m12".into(),
            code: "hot_meal".into(),
            on: d("2026-06-12"),
            quantity: dec!(1),
            unit_price: None,
            note: None,
        },
        &f,
    )
    .unwrap();
    let mut history = Vec::new();
    let mut seq = InvoiceSequence::new("AH", 2026, 0);
    let june = run(
        &f,
        std::slice::from_ref(&c),
        &mut history,
        "2026-06",
        &mut seq,
    );
    assert_eq!(june[0].total(), eur("932.40")); // 30 × 29.33 + 7.50 + 45.00 (July advance)

    // The meal of 12 June cannot stand after a death on 10 June (GAW-15):
    // recording the death is refused until it is removed.
    let death = Event::Death {
        resident: "r1".into(),
        on: d("2026-06-10"),
    };
    let err = c.record(death.clone(), &f).unwrap_err();
    assert!(
        matches!(err, Error::ExtraOutsideStay { .. }),
        "{}",
        err.chain()
    );
    c.remove_extra("m12", &f).unwrap();
    c.record(death, &f).unwrap();
    c.record(
        Event::KeysReturned {
            on: d("2026-06-13"),
        },
        &f,
    )
    .unwrap();

    let july = run(
        &f,
        std::slice::from_ref(&c),
        &mut history,
        "2026-07",
        &mut seq,
    );
    assert_eq!(july.len(), 1);
    let credit = &july[0];
    assert_eq!(credit.kind(), InvoiceKind::CreditNote);
    assert_eq!(
        summary(credit),
        [
            "Correction 2026-06-12 1 × -7.50 = -7.50 AH-2026-00001",
            "Correction 2026-06-14 – 2026-06-30 17 × -29.33 = -498.61 AH-2026-00001",
            "Correction 2026-07-01 – 2026-07-31 1 × -45.00 = -45.00 AH-2026-00001",
        ]
    );
    assert_eq!(credit.corrected_invoices(), ["AH-2026-00001"]);
    assert_eq!(credit.total(), eur("-551.11"));
    // What remains billed for June is the worked example: 13 × 29.33.
    let net: Money = history
        .iter()
        .flat_map(|i| i.lines())
        .filter(|l| *l.source() == care_core::assisted_living::invoice::LineSource::DailyPrice)
        .map(|l| l.amount())
        .sum();
    assert_eq!(net, eur("381.29"));

    // Running July again, or August, changes nothing.
    assert!(run(
        &f,
        std::slice::from_ref(&c),
        &mut history,
        "2026-07",
        &mut seq
    )
    .is_empty());
    assert!(run(
        &f,
        std::slice::from_ref(&c),
        &mut history,
        "2026-08",
        &mut seq
    )
    .is_empty());
    // An issued invoice is never edited.
    assert_eq!(history[0], june[0]);
}

#[test]
fn a_back_dated_reoccupation_becomes_correction_lines_on_the_next_invoice() {
    // GAW-12: notice on 20 May, term through 19 June; June invoiced 1–19.
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-2", "A01", "2025-01-01").unwrap();
    c.record(
        Event::ResidentNotice {
            resident: None,
            second_receipt_on: None,
            notified_on: d("2026-05-20"),
        },
        &f,
    )
    .unwrap();
    let other = gaw_contract(&f, "AH-3", "B01", "2025-01-01").unwrap();
    let mut history = Vec::new();
    let mut seq = InvoiceSequence::new("AH", 2026, 0);
    let june = run(
        &f,
        &[c.clone(), other.clone()],
        &mut history,
        "2026-06",
        &mut seq,
    );
    assert_eq!(june[0].header().details.stay.unwrap().days, 19);
    // In July the flat turns out to have been occupied again on 10 June.
    c.record(
        Event::Reoccupied {
            on: d("2026-06-10"),
        },
        &f,
    )
    .unwrap();
    let july = run(&f, &[c.clone(), other], &mut history, "2026-07", &mut seq);
    let credit = july.iter().find(|i| i.contract() == "AH-2").unwrap();
    assert_eq!(credit.kind(), InvoiceKind::CreditNote);
    assert_eq!(
        summary(credit),
        ["Correction 2026-06-10 – 2026-06-19 10 × -25.72 = -257.20 AH-2026-00001"]
    );
    assert!(credit.lines()[0].description().contains("AH-2026-00001"));
}

#[test]
fn a_late_price_notice_corrects_the_months_already_invoiced() {
    // GAW-6: a price change effective 1 June 2026, notified on 1 May; the
    // notice is recorded only in July, after May and June were invoiced at
    // the old price.
    let f = antoniushof_2020().unwrap();
    let mut tariff = f.tariff().clone();
    tariff
        .approve(&ApprovedChange {
            id: "INC-2026".into(),
            effective_from: Some(d("2026-06-01")),
            reference: "approval 2026/7".into(),
            daily: [("small".to_string(), eur("26.50"))].into(),
            ..Default::default()
        })
        .unwrap();
    let f = Facility::new(f.info().clone(), f.flats().to_vec(), tariff).unwrap();
    let mut c = gaw_contract(&f, "AH-4", "A01", "2025-01-01").unwrap();
    let mut history = Vec::new();
    let mut seq = InvoiceSequence::new("AH", 2026, 0);
    run(
        &f,
        std::slice::from_ref(&c),
        &mut history,
        "2026-05",
        &mut seq,
    );
    run(
        &f,
        std::slice::from_ref(&c),
        &mut history,
        "2026-06",
        &mut seq,
    );
    c.add_price_notice(
        PriceNotice {
            change: "INC-2026".into(),
            notified_on: d("2026-05-01"),
            effective_on: None,
            representative_notified_on: None,
        },
        &f,
    )
    .unwrap();
    let july = run(
        &f,
        std::slice::from_ref(&c),
        &mut history,
        "2026-07",
        &mut seq,
    );
    assert_eq!(july[0].kind(), InvoiceKind::Regular);
    assert_eq!(
        summary(&july[0]),
        [
            "DailyPrice 2026-07-01 – 2026-07-31 31 × 26.50 = 821.50 ",
            "Correction 2026-06-01 – 2026-06-30 30 × 0.78 = 23.40 AH-2026-00002",
        ]
    );
    let correction = &july[0].lines()[1];
    assert_eq!(correction.kind(), LineKind::Correction);
    assert!(
        correction
            .description()
            .contains("aangerekend €25.72, verschuldigd €26.50"),
        "{}",
        correction.description()
    );
}

#[test]
fn the_same_data_gives_identical_invoices() {
    let f = antoniushof_2020().unwrap();
    let contracts: Vec<_> = ["2026-01-01", "2026-06-10", "2025-03-15"]
        .iter()
        .enumerate()
        .map(|(i, day)| {
            gaw_contract(
                &f,
                &format!("AH-{i}"),
                if i % 2 == 0 { "A01" } else { "B01" },
                day,
            )
            .unwrap()
        })
        .collect();
    let options = MonthEndOptions::new("2026-06".parse().unwrap());
    let first = month_end(&f, &contracts, &[], &options);
    let mut reversed = contracts.clone();
    reversed.reverse();
    let second = month_end(&f, &reversed, &[], &options);
    assert_eq!(first, second);
    let json = serde_json::to_string(&first.invoices).unwrap();
    assert_eq!(json, serde_json::to_string(&second.invoices).unwrap());
}

#[test]
fn issued_invoices_round_trip_through_json_and_are_validated() {
    let f = antoniushof_2020().unwrap();
    let c = gaw_contract(&f, "AH-5", "A01", "2026-01-01").unwrap();
    let mut history = Vec::new();
    let mut seq = InvoiceSequence::new("AH", 2026, 0);
    let issued = run(&f, &[c], &mut history, "2026-06", &mut seq);
    let json = serde_json::to_string(&issued[0]).unwrap();
    let back: Invoice = serde_json::from_str(&json).unwrap();
    assert_eq!(back, issued[0]);
    // A total that does not match its lines is refused on the way in.
    let tampered = json.replace("\"total\":\"771.60\"", "\"total\":\"771.61\"");
    assert_ne!(tampered, json);
    let err = serde_json::from_str::<Invoice>(&tampered).unwrap_err();
    assert!(
        err.to_string()
            .contains("the lines sum to €771.60, not to the total €771.61"),
        "{err}"
    );
}

#[test]
fn a_month_with_a_negative_total_is_a_credit_note() {
    // GAW-7, SAW-5: a payment on account larger than the month's charges
    // makes the month's own document a credit note, never a "regular"
    // invoice with a negative total; a later run of that month adds nothing.
    use care_core::assisted_living::contract::PaymentOnAccount;
    let f = care_core::sample::antoniushof_2020().unwrap();
    let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-25").unwrap();
    c.add_payment_on_account(
        PaymentOnAccount {
            id: "v1".into(),
            on: "2026-06-25".parse().unwrap(),
            amount: "500.00".parse().unwrap(),
            reference: "voorschot".into(),
            payer: None,
        },
        &f,
    )
    .unwrap();
    let june: care_core::BillingMonth = "2026-06".parse().unwrap();
    let run = care_core::assisted_living::billing::month_end(
        &f,
        std::slice::from_ref(&c),
        &[],
        &care_core::assisted_living::billing::MonthEndOptions::new(june),
    );
    assert_eq!(run.invoices.len(), 1);
    let draft = &run.invoices[0];
    assert!(draft.total().is_negative(), "{}", draft.total()); // 6 × 25.72 − 500
    assert_eq!(
        draft.kind(),
        care_core::assisted_living::invoice::InvoiceKind::CreditNote
    );
    let issued = care_core::assisted_living::invoice::InvoiceSequence::new("AH", 2026, 0)
        .issue(
            run.invoices,
            &care_core::assisted_living::invoice::IssueOptions::new(june.last_day()),
        )
        .unwrap();
    let again = care_core::assisted_living::billing::month_end(
        &f,
        std::slice::from_ref(&c),
        &issued,
        &care_core::assisted_living::billing::MonthEndOptions::new(june),
    );
    assert!(again.invoices.is_empty(), "{:?}", again.invoices);
}
