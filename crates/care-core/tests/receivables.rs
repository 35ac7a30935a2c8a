//! The receivables layer on its own: a made-up service (window cleaning, with
//! its own invoice details) issues invoices, takes payments, runs a dunning
//! ladder, charges statutory interest and collects by direct debit, without
//! touching an assisted-living type. Every `use` below is from the base or
//! from `care_core::receivables`. GAW-7, GAW-8a, GAW-9, GAW-9a.

use care_core::calendar::date;
use care_core::receivables::dunning::{DunningLadder, DunningStepKind};
use care_core::receivables::interest::{statutory_interest, InterestTable};
use care_core::receivables::invoice::{
    Invoice, InvoiceDraft, InvoiceHeader, InvoiceKind, InvoiceLine, Payer,
};
use care_core::receivables::ledger::{share_named_by, statement, Account, Payment};
use care_core::receivables::numbering::{InvoiceSequence, IssueOptions};
use care_core::receivables::sepa::{
    collections, ContractMandates, DebitOptions, Mandate, SequenceType,
};
use care_core::{BillingMonth, DateRange, Money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a window-cleaning invoice says beside what every invoice has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Visits {
    address: String,
    visits: u32,
}

const CODE: u16 = 301;

fn payers() -> Vec<Payer> {
    vec![
        Payer {
            id: "user".parse().unwrap(),
            name: "An Peeters".into(),
            address: Some("Dorp 1, 3140 Keerbergen".into()),
            share: "75".parse().unwrap(),
        },
        Payer {
            id: "son".parse().unwrap(),
            name: "Jan Peeters".into(),
            address: None,
            share: "25".parse().unwrap(),
        },
    ]
}

fn draft(month: &str, visits: u32) -> InvoiceDraft<Visits> {
    let header = InvoiceHeader {
        kind: InvoiceKind::Regular,
        issuer: "windows".into(),
        contract: "W-1".parse().unwrap(),
        month: month.parse::<BillingMonth>().unwrap(),
        vat: "Vrijgesteld van btw (art. 44 W.btw).".into(),
        details: Visits {
            address: "Dorp 1, 3140 Keerbergen".into(),
            visits,
        },
    };
    let line = InvoiceLine::extra(
        "visit",
        "Ramen wassen",
        Decimal::from(visits),
        "beurt",
        Money::from_cents(2_450),
    );
    InvoiceDraft::new(header, vec![line], &payers()).unwrap()
}

fn issue(
    drafts: Vec<InvoiceDraft<Visits>>,
    on: (i32, u32, u32),
    last: u32,
) -> Vec<Invoice<Visits>> {
    let mut numbers = InvoiceSequence::new("RW", on.0, last);
    numbers
        .issue(drafts, &IssueOptions::new(date(on.0, on.1, on.2).unwrap()))
        .unwrap()
}

#[test]
fn a_made_up_service_invoices_collects_and_dunns_through_receivables_alone() {
    // GAW-7: the shares sum to the total, the first payer takes the cent.
    let mut books = issue(vec![draft("2026-03", 3)], (2026, 3, 31), 0);
    books.extend(issue(vec![draft("2026-04", 2)], (2026, 4, 30), 1));
    let march = &books[0];
    assert_eq!(march.total(), Money::from_cents(7_350));
    let shares: Vec<Money> = march.shares().iter().map(|s| s.amount).collect();
    assert_eq!(shares, [Money::from_cents(5_512), Money::from_cents(1_838)]); // 25 % of 73.50 = 18.375 → 18.38
    assert_eq!(march.details().visits, 3);
    // Issued invoices survive a round trip with their own details.
    let json = serde_json::to_string(&books).unwrap();
    let back: Vec<Invoice<Visits>> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, books);

    // GAW-9a: the son pays March with his own communication; a bank import
    // finds whose share it is.
    let payers = payers();
    let account = Account {
        contract: &"W-1".parse().unwrap(),
        payers: &payers,
        payment_code: CODE,
    };
    let his = march.communication(&"son".parse().unwrap(), CODE).unwrap();
    let named = share_named_by(&his, &books, CODE).unwrap();
    assert_eq!(
        (named.invoice.as_str(), named.payer.as_str()),
        ("RW-2026-00001", "son")
    );
    let paid = Payment {
        id: "bank-1".into(),
        contract: "W-1".parse().unwrap(),
        payer: "son".parse().unwrap(),
        on: date(2026, 4, 20).unwrap(),
        amount: Money::from_cents(1_838),
        reference: Some(his.to_string()),
    };
    let son = statement(
        &account,
        &"son".parse().unwrap(),
        &books,
        std::slice::from_ref(&paid),
        date(2026, 6, 15).unwrap(),
    )
    .unwrap();
    assert_eq!(son.open_items().count(), 1, "April is open, March paid");

    // GAW-9: the user pays nothing; on 15 June March is 46 days overdue.
    let user = statement(
        &account,
        &"user".parse().unwrap(),
        &books,
        std::slice::from_ref(&paid),
        date(2026, 6, 15).unwrap(),
    )
    .unwrap();
    let status = DunningLadder::default().status(&user);
    assert_eq!(status.step, Some(DunningStepKind::FormalNotice));
    assert_eq!(status.invoices, ["RW-2026-00001", "RW-2026-00002"]);
    assert!(status.formal_notice_on().is_some());

    // Simple statutory interest on the user's late March share, 31 May to
    // 15 June: 16 days at the 2026 rate (4.5 %), rounded once.
    let mut rates = InterestTable::new("Belgisch Staatsblad");
    rates.insert(2026, "4.5".parse().unwrap()).unwrap();
    let late = DateRange::new(date(2026, 5, 31).unwrap(), date(2026, 6, 15).unwrap()).unwrap();
    let interest = statutory_interest(Money::from_cents(5_512), late, &rates).unwrap();
    // 55.12 × 4.5 % × 16 / 365 = 0.1087… → €0.11
    assert_eq!(interest.amount, Money::from_cents(11));

    // GAW-8a: the son signs a mandate; May is collected as FRST, less
    // nothing, with his own communication.
    let mandate = Mandate {
        id: "RW-M-1".into(),
        payer: "son".parse().unwrap(),
        signed_on: date(2026, 5, 1).unwrap(),
        debtor: "Jan Peeters".into(),
        iban: "BE68 5390 0754 7034".parse().unwrap(),
        bic: "GKCCBEBB".into(),
    };
    let may = issue(vec![draft("2026-05", 4)], (2026, 5, 31), 2);
    let mandates = [ContractMandates {
        contract: &"W-1".parse().unwrap(),
        payers: &payers,
        mandates: std::slice::from_ref(&mandate),
    }];
    let debits = collections(
        &may,
        &mandates,
        &DebitOptions {
            previous: &books,
            payments: std::slice::from_ref(&paid),
            closing: &[],
            payment_code: CODE,
        },
    )
    .unwrap();
    assert_eq!(debits.len(), 1);
    assert_eq!(debits[0].sequence, SequenceType::First);
    assert_eq!(debits[0].amount, may[0].shares()[1].amount);
    assert_eq!(
        debits[0].communication,
        may[0].communication(&"son".parse().unwrap(), CODE).unwrap()
    );
}
