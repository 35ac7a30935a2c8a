//! Following the money: statutory interest, payments and balances, the final
//! settlement. Rule ids cited per test.

use care_core::assisted_living::billing::{month_end, MonthEndOptions};
use care_core::assisted_living::contract::{
    Agreement, ClearanceCost, DamageRepair, ExtraCharge, NextOfKin, Payer,
};
use care_core::assisted_living::event::Event;
use care_core::assisted_living::fixture::{parse_interest, Source};
use care_core::assisted_living::invoice::{Invoice, InvoiceSequence, IssueOptions};
use care_core::assisted_living::settlement::{
    final_settlement, Addressee, Deduction, DeductionReason, DepositRelease, Pending,
    SettlementOptions,
};
use care_core::receivables::interest::{statutory_interest, InterestTable};
use care_core::receivables::ledger::{statement, Payment};
use care_core::receivables::reference::StructuredCommunication;
use care_core::sample::{
    antoniushof_2020, botermarktpoort_2020, gaw_contract, sample_data, saw_contract,
};
use care_core::{Contract, DateRange, Error, Facility, Money};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal_macros::dec;

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn eur(text: &str) -> Money {
    text.parse().unwrap()
}

fn interest_table() -> InterestTable {
    parse_interest(Source {
        name: "interest.toml",
        text: include_str!("../../../fixtures/reference/interest.toml"),
    })
    .unwrap()
}

/// Issues month-end invoices for `months` (each on its last day).
fn issue(f: &Facility, c: &Contract, months: &[&str]) -> Vec<Invoice> {
    let mut history: Vec<Invoice> = Vec::new();
    for month in months {
        let m = month.parse().unwrap();
        let run = month_end(
            f,
            std::slice::from_ref(c),
            &history,
            &MonthEndOptions::new(m),
        );
        let mut seq = InvoiceSequence::continue_after("AH", 2026, &history).unwrap();
        history.extend(
            seq.issue(run.invoices, &IssueOptions::new(m.last_day()))
                .unwrap(),
        );
    }
    history
}

fn paid(id: &str, payer: &str, on: &str, amount: &str, reference: Option<&str>) -> Payment {
    Payment {
        id: id.into(),
        contract: "AH-1".parse().unwrap(),
        payer: payer.parse().unwrap(),
        on: d(on),
        amount: eur(amount),
        reference: reference.map(String::from),
    }
}

#[test]
fn gaw_9_saw_6_interest_crossing_new_year_uses_each_years_rate() {
    // GAW-9, SAW-6: €1,000 late from 2 December 2023 to 31 January 2024:
    // 30 days at 5.25 % of 365 days + 31 days at 5.75 % of 366 days,
    // 4.3151 + 4.8702 = 9.1853 → €9.19, rounded once.
    let late = DateRange::new(d("2023-12-02"), d("2024-01-31")).unwrap();
    let interest = statutory_interest(eur("1000.00"), late, &interest_table()).unwrap();
    assert_eq!(interest.amount, eur("9.19"));
    assert_eq!(interest.days(), 61);
    assert_eq!(
        interest
            .periods
            .iter()
            .map(|p| (p.days.days(), p.year_days))
            .collect::<Vec<_>>(),
        [(30, 365), (31, 366)]
    );
    assert_eq!(
        interest.describe(),
        "Wettelijke interest op €1000.00: 30 dagen aan 5.25% + 31 dagen aan 5.75%"
    );
    // A year without a published rate is an error, not a guess.
    let old = DateRange::new(d("2018-12-20"), d("2019-01-10")).unwrap();
    assert_eq!(
        statutory_interest(eur("10.00"), old, &interest_table()).unwrap_err(),
        Error::MissingRate { year: 2018 }
    );
}

proptest! {
    /// GAW-9: interest never decreases with the days late.
    #[test]
    fn interest_is_monotone_in_days_late(cents in 0i64..100_000_000, start in 0i64..2000, days in 0i64..800) {
        let table = interest_table();
        let first = d("2019-01-01") + chrono::Duration::days(start);
        let last = (first + chrono::Duration::days(days)).min(d("2026-12-30"));
        prop_assume!(first <= last);
        let a = statutory_interest(Money::from_cents(cents), DateRange::new(first, last).unwrap(), &table).unwrap();
        let b = statutory_interest(Money::from_cents(cents), DateRange::new(first, last + chrono::Duration::days(1)).unwrap(), &table).unwrap();
        prop_assert!(b.amount >= a.amount);
    }
}

#[test]
fn gaw_8_a_structured_communication_pays_its_own_invoice_first() {
    // GAW-8: May and June are open; a payment with June's communication
    // pays June, not the older May.
    let f = antoniushof_2020().unwrap();
    let c = gaw_contract(&f, "AH-1", "A01", "2026-05-01").unwrap();
    let invoices = issue(&f, &c, &["2026-05", "2026-06"]);
    let june = invoices[1]
        .communication(&"p1".parse().unwrap(), 101)
        .unwrap();
    let payment = paid("b1", "p1", "2026-07-05", "771.60", Some(&june.to_string()));
    let s = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        &[payment],
        d("2026-07-31"),
    )
    .unwrap();
    let open: Vec<_> = s
        .open_items()
        .map(|i| (i.invoice.as_str(), i.open.to_plain_string()))
        .collect();
    assert_eq!(open, [("AH-2026-00001", "797.32".to_string())]);
    assert_eq!(s.allocations[0].invoice, "AH-2026-00002");
    assert!(s.notes.is_empty());
    // Without a communication the oldest is paid first.
    let s = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        &[paid("b2", "p1", "2026-07-05", "771.60", None)],
        d("2026-07-31"),
    )
    .unwrap();
    assert_eq!(s.allocations[0].invoice, "AH-2026-00001");
}

#[test]
fn saw_5_overpayment_is_credit_that_the_next_invoice_uses() {
    // SAW-5 6° (amounts already paid), GAW-8.
    let f = antoniushof_2020().unwrap();
    let c = gaw_contract(&f, "AH-1", "A01", "2026-05-01").unwrap();
    let invoices = issue(&f, &c, &["2026-05", "2026-06"]);
    let pay = paid("b1", "p1", "2026-06-10", "1000.00", None);
    let s = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        std::slice::from_ref(&pay),
        d("2026-06-29"),
    )
    .unwrap();
    assert_eq!(s.credit, eur("202.68")); // 1000 − 797.32 (May)
    let s = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        &[pay],
        d("2026-07-31"),
    )
    .unwrap();
    assert_eq!(s.credit, Money::ZERO);
    assert_eq!(s.balance, eur("568.92")); // June 771.60 − 202.68 credit
    assert_eq!(s.allocations.last().unwrap().from, "b1");
}

#[test]
fn payments_are_refused_or_reported_when_they_do_not_fit() {
    let f = antoniushof_2020().unwrap();
    let c = gaw_contract(&f, "AH-1", "A01", "2026-05-01").unwrap();
    let invoices = issue(&f, &c, &["2026-05"]);
    // An unknown payer is an error.
    let err = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        &[paid("b1", "p9", "2026-06-05", "10.00", None)],
        d("2026-06-30"),
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::UnknownPayer {
            contract: "AH-1".into(),
            payer: "p9".into()
        }
    );
    assert!(statement(
        &c.account(&f),
        &"p9".parse().unwrap(),
        &invoices,
        &[],
        d("2026-06-30")
    )
    .is_err());
    // A bad check digit is reported, never guessed; the money pays oldest first.
    let s = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        &[paid(
            "b2",
            "p1",
            "2026-06-05",
            "10.00",
            Some("+++260/1010/00001+++"),
        )],
        d("2026-06-30"),
    )
    .unwrap();
    assert!(s.notes[0].note.contains("check digits"), "{:?}", s.notes);
    assert_eq!(s.allocations[0].invoice, "AH-2026-00001");
}

fn two_payers() -> (Facility, Contract) {
    let f = antoniushof_2020().unwrap();
    let mut data = sample_data("AH-1", "B01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2026-01-01"),
        admission: d("2026-01-01"),
        deposit_paid_on: None,
    };
    data.payers = vec![
        Payer {
            id: "p1".parse().unwrap(),
            name: "A".into(),
            address: None,
            share: "60".parse().unwrap(),
        },
        Payer {
            id: "p2".parse().unwrap(),
            name: "B".into(),
            address: None,
            share: "40".parse().unwrap(),
        },
    ];
    let c = Contract::new(data, &f).unwrap();
    (f, c)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]
    /// Payments equal allocations plus credit; no share is paid beyond what
    /// it is; the balance is what is open minus credit.
    #[test]
    fn allocation_accounts_for_every_cent(payments in prop::collection::vec((0u8..2, 0i64..120, 1i64..150_000), 0..8)) {
        let (f, c) = two_payers();
        let invoices = issue(&f, &c, &["2026-01", "2026-02", "2026-03"]);
        let list: Vec<Payment> = payments.iter().enumerate().map(|(i, (who, day, cents))| Payment {
            id: format!("b{i}"), contract: "AH-1".parse().unwrap(), payer: format!("p{}", who + 1).parse().unwrap(),
            on: d("2026-01-15") + chrono::Duration::days(*day), amount: Money::from_cents(*cents), reference: None,
        }).collect();
        for payer in ["p1", "p2"] {
            let s = statement(&c.account(&f), &payer.parse().unwrap(), &invoices, &list, d("2026-06-30")).unwrap();
            let received: Money = s.payments.iter().map(|p| p.amount).sum();
            let allocated: Money = s.allocations.iter().map(|a| a.amount).sum();
            prop_assert_eq!(received, allocated + s.credit);
            for item in &s.items {
                prop_assert!(!item.open.is_negative() && item.open <= item.share);
            }
            let open: Money = s.items.iter().map(|i| i.open).sum();
            prop_assert_eq!(s.balance, open - s.credit);
            prop_assert!(!s.credit.is_negative());
        }
    }

    /// A structured communication always validates after a round trip.
    #[test]
    fn structured_communications_always_validate(year in 2000i32..2099, seq in 1u32..99_999, code in 0u16..1000, share in 0usize..10) {
        let number: care_core::InvoiceNumber = format!("AH-{year}-{seq:05}").parse().unwrap();
        let ogm = StructuredCommunication::for_share(&number, code, share).unwrap();
        prop_assert_eq!(ogm.to_string().parse::<StructuredCommunication>().unwrap(), ogm);
        prop_assert_eq!(ogm.digits().parse::<StructuredCommunication>().unwrap(), ogm);
    }
}

#[test]
fn gaw_13_15_settlement_after_death_with_window_storage_and_deposit() {
    // GAW-15: died 10 June, keys 13 June; storage after the window goes to
    // the next of kin. GAW-13: the deposit of €771.60 (30 × €25.72) comes
    // back with its interest, less a deduction with its reason. GAW-11:
    // repainting goes on the last invoice.
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-1", "A01", "2025-01-01").unwrap();
    c.record(
        Event::Death {
            resident: "r1".into(),
            on: d("2026-06-10"),
        },
        &f,
    )
    .unwrap();
    c.record(
        Event::KeysReturned {
            on: d("2026-06-13"),
        },
        &f,
    )
    .unwrap();
    c.record(
        Event::InventoryChecked {
            on: d("2026-06-20"),
        },
        &f,
    )
    .unwrap();
    assert_eq!(c.deposit(), Some(eur("771.60")));
    let invoices = issue(&f, &c, &["2026-06"]);
    assert_eq!(invoices[0].total(), eur("334.36")); // 13 × 25.72
    let s = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        &[],
        d("2026-07-15"),
    )
    .unwrap();
    let options = SettlementOptions {
        statements: vec![s],
        deposit: Some(DepositRelease {
            amount: eur("771.60"),
            interest: eur("6.12"),
            deductions: vec![Deduction {
                reason: DeductionReason::IntentionalDamage,
                description: "deur geforceerd".into(),
                amount: eur("85.00"),
                invoice: None,
            }],
        }),
        next_of_kin_costs: vec![("Opslag inboedel 14–30 juni".into(), eur("120.00"))],
        estate_assets: None,
        invoiced_through: Some("2026-06".parse().unwrap()),
    };
    let settlement = final_settlement(&c, d("2026-07-15"), &options).unwrap();
    assert!(!settlement.is_provisional());
    // 334.36 + 120 − 771.60 − 6.12 + 85 = −238.36: the operator pays back.
    assert_eq!(settlement.balance, eur("-238.36"));
    assert_eq!(
        settlement.addressee,
        Addressee::Heirs {
            of: "Bewoner AH-1".into(),
            care_of: None
        }
    );
    // A deduction without a description is refused.
    let mut bad = options.clone();
    bad.deposit.as_mut().unwrap().deductions[0]
        .description
        .clear();
    assert!(final_settlement(&c, d("2026-07-15"), &bad)
        .unwrap_err()
        .to_string()
        .contains("GAW-13"));
    // Not before the contract has ended.
    assert!(final_settlement(&c, d("2026-06-12"), &SettlementOptions::default()).is_err());
}

#[test]
fn gaw_27_a_settlement_before_the_last_invoice_or_the_inventory_is_provisional() {
    // GAW-27: the stay ends on 19 June (notice of 20 May); repainting, an
    // end-of-stay cost (GAW-11), is dated 5 July. On 30 June, with June
    // invoiced and no inventory checked, the settlement is provisional and
    // keeps the deposit; after the July invoice and the check it is final
    // and releases it.
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-1", "A01", "2026-01-01").unwrap();
    c.record(
        Event::ResidentNotice {
            resident: None,
            second_receipt_on: None,
            notified_on: d("2026-05-20"),
        },
        &f,
    )
    .unwrap();
    c.add_extra(
        ExtraCharge {
            id: "paint".into(),
            code: "repainting".into(),
            on: d("2026-07-05"),
            quantity: dec!(1),
            unit_price: Some(eur("640.00")),
            note: None,
        },
        &f,
    )
    .unwrap();
    let release = DepositRelease {
        amount: eur("771.60"),
        interest: eur("3.00"),
        deductions: vec![],
    };
    let options = |month: &str| SettlementOptions {
        deposit: Some(release.clone()),
        invoiced_through: Some(month.parse().unwrap()),
        ..SettlementOptions::default()
    };
    let early = final_settlement(&c, d("2026-06-30"), &options("2026-06")).unwrap();
    assert!(early.is_provisional());
    assert_eq!(
        early.pending,
        vec![
            Pending::Inventory,
            Pending::LastInvoice {
                on: d("2026-07-05")
            }
        ]
    );
    assert_eq!(early.deposit_held, Some(eur("771.60")));
    assert!(early
        .lines
        .iter()
        .all(|l| !l.description.contains("waarborg")));
    assert!(early.balance.is_zero());
    assert!(early.pending[0].to_string().contains("GAW-27"));

    // July invoiced, inventory still not checked: still provisional.
    let july = final_settlement(&c, d("2026-07-31"), &options("2026-07")).unwrap();
    assert_eq!(july.pending, vec![Pending::Inventory]);

    c.record(
        Event::InventoryChecked {
            on: d("2026-07-06"),
        },
        &f,
    )
    .unwrap();
    let last = final_settlement(&c, d("2026-07-31"), &options("2026-07")).unwrap();
    assert!(!last.is_provisional());
    assert_eq!(last.deposit_held, None);
    assert_eq!(last.balance, eur("-774.60"));
    // Nor is it final on a day before the check.
    let before = final_settlement(&c, d("2026-07-05"), &options("2026-07")).unwrap();
    assert_eq!(before.pending, vec![Pending::Inventory]);
}

#[test]
fn gaw_27_the_inventory_check_needs_a_gaw_stay_that_ends() {
    // GAW-27: the inventory at the end of the stay is recorded once, after
    // the end is known, and only for GAW (a SAW flat is the housing
    // company's).
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-1", "A01", "2026-01-01").unwrap();
    let check = Event::InventoryChecked {
        on: d("2026-06-20"),
    };
    assert!(c
        .record(check.clone(), &f)
        .unwrap_err()
        .to_string()
        .contains("GAW-27"));
    c.record(
        Event::ResidentNotice {
            resident: None,
            second_receipt_on: None,
            notified_on: d("2026-05-20"),
        },
        &f,
    )
    .unwrap();
    c.record(check.clone(), &f).unwrap();
    assert!(c.record(check.clone(), &f).is_err());
    let s = botermarktpoort_2020().unwrap();
    let mut saw = saw_contract(&s, "S1", "1", "2026-01-01").unwrap();
    saw.record(
        Event::LeaseEnded {
            lease_end: d("2026-06-30"),
            left_on: None,
        },
        &s,
    )
    .unwrap();
    assert!(saw.record(check, &s).is_err());
}

#[test]
fn saw_8_11_13_settlement_recovers_from_the_estate_up_to_its_assets() {
    // SAW-8: a final settlement at the end; SAW-11: nothing after the death;
    // SAW-13: unpaid costs recovered from the estate, up to its assets.
    let f = botermarktpoort_2020().unwrap();
    let mut c = saw_contract(&f, "AH-1", "1", "2026-01-01").unwrap();
    c.record(
        Event::Death {
            resident: "r1".into(),
            on: d("2026-03-10"),
        },
        &f,
    )
    .unwrap();
    let invoices = issue(&f, &c, &["2026-01", "2026-02", "2026-03"]);
    let s = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        &[],
        d("2026-04-30"),
    )
    .unwrap();
    assert_eq!(s.balance, eur("273.24")); // (31 + 28 + 10) × 3.96
    let options = SettlementOptions {
        statements: vec![s],
        estate_assets: Some(eur("200.00")),
        ..SettlementOptions::default()
    };
    let settlement = final_settlement(&c, d("2026-04-30"), &options).unwrap();
    assert_eq!(settlement.balance, eur("273.24"));
    assert_eq!(settlement.recoverable, eur("200.00"));

    // GAW-15a, SAW-11: clearance and storage costs are the next of kin's,
    // in full, outside the estate cap.
    let with_kin = SettlementOptions {
        next_of_kin_costs: vec![("Ontruiming en opslag".into(), eur("120.00"))],
        ..options
    };
    let settlement = final_settlement(&c, d("2026-04-30"), &with_kin).unwrap();
    assert_eq!(settlement.balance, eur("393.24"));
    assert_eq!(settlement.stay_costs, eur("273.24"));
    assert_eq!(settlement.next_of_kin_costs, eur("120.00"));
    assert_eq!(settlement.recoverable, eur("320.00")); // 200 from the estate + 120
}

#[test]
fn gaw_13_an_invoice_paid_from_the_deposit_is_counted_once() {
    // GAW-13: the unpaid June invoice (€334.36) is deducted from the
    // deposit (€771.60): €437.24 goes back, not €771.60 − 334.36 − 334.36.
    let f2 = antoniushof_2020().unwrap();
    let mut dead = gaw_contract(&f2, "AH-1", "A01", "2026-06-01").unwrap();
    dead.record(
        Event::Death {
            resident: "r1".into(),
            on: d("2026-06-13"),
        },
        &f2,
    )
    .unwrap();
    dead.record(
        Event::InventoryChecked {
            on: d("2026-06-30"),
        },
        &f2,
    )
    .unwrap();
    let invoices = issue(&f2, &dead, &["2026-06"]);
    let number = invoices[0].number().clone();
    let s = statement(
        &dead.account(&f2),
        &"p1".parse().unwrap(),
        &invoices,
        &[],
        d("2026-07-15"),
    )
    .unwrap();
    let open = s.balance;
    let options = SettlementOptions {
        statements: vec![s],
        deposit: Some(DepositRelease {
            amount: eur("771.60"),
            interest: Money::ZERO,
            deductions: vec![Deduction {
                reason: DeductionReason::ContractObligation,
                description: format!("onbetaalde factuur {number}"),
                amount: open,
                invoice: Some(number.clone()),
            }],
        }),
        invoiced_through: Some("2026-06".parse().unwrap()),
        ..SettlementOptions::default()
    };
    let settlement = final_settlement(&dead, d("2026-07-15"), &options).unwrap();
    assert_eq!(settlement.balance, open - eur("771.60"));
    // More than is open of the invoice is refused.
    let mut too_much = options.clone();
    too_much.deposit.as_mut().unwrap().deductions[0].amount = open + eur("1.00");
    assert!(final_settlement(&dead, d("2026-07-15"), &too_much).is_err());
}

#[test]
fn gaw_14_a_cancellation_settles_to_its_fee_only() {
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-1", "B01", "2026-07-01").unwrap();
    c.record(
        Event::PreAdmissionCancellation {
            notified_on: d("2026-06-12"),
            fee_days: 14,
        },
        &f,
    )
    .unwrap();
    let invoices = issue(&f, &c, &["2026-06"]);
    let s = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        &[],
        d("2026-06-30"),
    )
    .unwrap();
    let options = SettlementOptions {
        statements: vec![s],
        ..SettlementOptions::default()
    };
    assert_eq!(
        final_settlement(&c, d("2026-06-30"), &options)
            .unwrap()
            .balance,
        eur("410.62")
    ); // 14 × 29.33
    let extra = SettlementOptions {
        next_of_kin_costs: vec![("x".into(), eur("1.00"))],
        ..options
    };
    assert!(final_settlement(&c, d("2026-06-30"), &extra)
        .unwrap_err()
        .to_string()
        .contains("GAW-14"));
}

#[test]
fn gaw_9_18_the_dunning_ladder_leads_to_an_admissible_operator_notice() {
    use care_core::receivables::dunning::{DunningLadder, DunningStepKind, Rung};
    // GAW-9: social worker, 1st letter, 2nd reminder, formal notice;
    // GAW-18: after the formal notice, repeated non-payment is a ground.
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-1", "A01", "2026-01-01").unwrap();
    let invoices = issue(&f, &c, &["2026-01", "2026-02"]);
    let ladder = DunningLadder::default();
    // January is due on 2 March 2026 (31 January + 30 days).
    assert_eq!(invoices[0].due_on(), d("2026-03-02"));
    let table = [
        ("2026-03-02", None),
        ("2026-03-03", Some(DunningStepKind::SocialWorkerContact)),
        ("2026-03-17", Some(DunningStepKind::FirstLetter)),
        ("2026-04-01", Some(DunningStepKind::SecondReminder)),
        ("2026-04-16", Some(DunningStepKind::FormalNotice)),
    ];
    for (day, step) in table {
        let s = statement(
            &c.account(&f),
            &"p1".parse().unwrap(),
            &invoices,
            &[],
            d(day),
        )
        .unwrap();
        assert_eq!(ladder.status(&s).step, step, "{day}");
    }
    let s = statement(
        &c.account(&f),
        &"p1".parse().unwrap(),
        &invoices,
        &[],
        d("2026-04-20"),
    )
    .unwrap();
    let status = ladder.status(&s);
    assert_eq!(status.invoices, ["AH-2026-00001", "AH-2026-00002"]);
    // Without the formal notice on record, the operator's notice is refused.
    let notice = Event::OperatorNotice {
        notified_on: d("2026-05-04"),
        ground: care_core::assisted_living::event::TerminationGround::RepeatedNonPayment,
    };
    c.record(
        Event::HearingInvitation {
            on: d("2026-04-25"),
        },
        &f,
    )
    .unwrap();
    assert!(c.record(notice.clone(), &f).is_err());
    // The ladder's record meets the precondition.
    c.record(c.formal_notice_from(&status).unwrap(), &f)
        .unwrap();
    c.record(notice, &f).unwrap();
    assert_eq!(c.lifecycle().last_billable_day(), Some(d("2026-07-03")));
    // Paid up, no step.
    let pay = Payment {
        id: "b".into(),
        contract: "AH-1".parse().unwrap(),
        payer: "p1".parse().unwrap(),
        on: d("2026-04-19"),
        amount: eur("2000.00"),
        reference: None,
    };
    assert_eq!(
        ladder
            .status(
                &statement(
                    &c.account(&f),
                    &"p1".parse().unwrap(),
                    &invoices,
                    &[pay],
                    d("2026-04-20")
                )
                .unwrap()
            )
            .step,
        None
    );
    // A ladder whose steps do not increase is refused.
    let bad = vec![
        Rung {
            step: DunningStepKind::FirstLetter,
            days_overdue: 10,
        },
        Rung {
            step: DunningStepKind::SocialWorkerContact,
            days_overdue: 20,
        },
    ];
    assert!(DunningLadder::new(bad).is_err());
}

#[test]
fn gaw_13_a_deposit_of_771_60_with_a_deduction_and_its_interest() {
    use care_core::assisted_living::deposit::Deposit;
    // GAW-13: 30 × €25.72, paid before admission into a blocked account
    // whose interest belongs to the resident.
    let rates = parse_interest(Source {
        name: "deposit-interest.toml",
        text: include_str!("../../../fixtures/reference/deposit-interest.toml"),
    })
    .unwrap();
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-1", "A01", "2025-03-01").unwrap();
    assert!(
        Deposit::of(&c, d("2025-03-01")).is_err(),
        "paid before the contract takes effect"
    );
    let deposit = Deposit::of(&c, d("2025-02-20")).unwrap();
    assert_eq!(deposit.amount, eur("771.60"));
    c.record(
        Event::ResidentNotice {
            resident: None,
            second_receipt_on: None,
            notified_on: d("2026-04-30"),
        },
        &f,
    )
    .unwrap();
    c.record(
        Event::InventoryChecked {
            on: d("2026-06-01"),
        },
        &f,
    )
    .unwrap();
    let release = deposit
        .release(
            d("2026-06-15"),
            &rates,
            vec![Deduction {
                reason: DeductionReason::ContractObligation,
                description: "herstelling deur".into(),
                amount: eur("60.00"),
                invoice: None,
            }],
        )
        .unwrap();
    // 2025-02-21 … 2025-12-31: 314 days at 1.00 %/365; 2026-01-01 … 06-15:
    // 166 days at 0.90 %/365: 6.6380 + 3.1583 = 9.80.
    assert_eq!(release.interest, eur("9.80"));
    let settlement = final_settlement(
        &c,
        d("2026-06-15"),
        &SettlementOptions {
            deposit: Some(release),
            invoiced_through: Some("2026-06".parse().unwrap()),
            ..SettlementOptions::default()
        },
    )
    .unwrap();
    assert_eq!(settlement.balance, eur("-721.40")); // 60 − 771.60 − 9.80: paid back
    let saw =
        care_core::sample::saw_contract(&botermarktpoort_2020().unwrap(), "S", "1", "2026-01-01")
            .unwrap();
    assert!(
        Deposit::of(&saw, d("2025-12-20")).is_err(),
        "SAW: the lease holds the deposit"
    );
}

#[test]
fn gaw_9_saw_6_late_payment_interest_is_a_line_with_days_and_rate() {
    use care_core::assisted_living::invoice::LineKind;
    // GAW-9, SAW-6: statutory interest added to the principal, as its own
    // line with the days late and the rate.
    let f = antoniushof_2020().unwrap();
    let c = gaw_contract(&f, "AH-1", "A01", "2026-05-01").unwrap();
    // May (€797.32, due 30 June) is paid on 16 July; June (€771.60, due 30 July) on 31 July.
    let payments = vec![
        paid("b1", "p1", "2026-07-16", "797.32", None),
        paid("b2", "p1", "2026-07-31", "771.60", None),
    ];
    let history = issue_with_interest(
        &f,
        &c,
        &payments,
        &["2026-05", "2026-06", "2026-07", "2026-08"],
    );
    let july = history
        .iter()
        .find(|i| i.month().to_string() == "2026-07")
        .unwrap();
    let interest: Vec<_> = july
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Interest)
        .collect();
    // 797.32 × 4.5 % × 15 / 365 = 1.4745 → 1.47; June: 30 July was the due
    // date and 31 July the payment day, so no day late.
    assert_eq!(interest.len(), 1, "{interest:?}");
    assert_eq!(interest[0].amount(), eur("1.47"));
    assert_eq!(interest[0].description(), "Wettelijke interest factuur AH-2026-00001 (Bewoner AH-1): 15 dagen te laat aan 4.5% per jaar");
    // August: only July's invoice (797.32 + 1.47, due 30 August) is late,
    // one day, on its principal: 797.32 × 4.5 % / 365 = 0.098 → 0.10 (the
    // interest line bears none, GAW-9a); May and June were paid.
    let august = history
        .iter()
        .find(|i| i.month().to_string() == "2026-08")
        .unwrap();
    let late: Vec<_> = august
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Interest)
        .map(|l| (l.description(), l.amount()))
        .collect();
    assert_eq!(late, [("Wettelijke interest factuur AH-2026-00003 (Bewoner AH-1): 1 dag te laat aan 4.5% per jaar", eur("0.10"))]);
}

#[test]
fn gaw_13_a_deduction_needs_a_reason_from_the_closed_list() {
    // GAW-13: the deposit only covers obligations of the contract or damage
    // caused on purpose; any other reason is refused where data comes in.
    let ok: Deduction = serde_json::from_str(
        r#"{"reason":"intentional_damage","description":"deur","amount":"10.00"}"#,
    )
    .unwrap();
    assert_eq!(ok.reason, DeductionReason::IntentionalDamage);
    let err = serde_json::from_str::<Deduction>(
        r#"{"reason":"wear_and_tear","description":"slijtage","amount":"10.00"}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("unknown variant `wear_and_tear`"),
        "{err}"
    );
}

#[test]
fn a_contract_statement_sums_its_payers() {
    use care_core::receivables::ledger::contract_statement;
    let (f, c) = two_payers();
    let invoices = issue(&f, &c, &["2026-01"]);
    let pay = Payment {
        id: "b".into(),
        contract: "AH-1".parse().unwrap(),
        payer: "p2".parse().unwrap(),
        on: d("2026-02-05"),
        amount: eur("100.00"),
        reference: None,
    };
    let (statements, balance) =
        contract_statement(&c.account(&f), &invoices, &[pay], d("2026-02-28")).unwrap();
    assert_eq!(statements.len(), 2);
    assert_eq!(balance, invoices[0].total() - eur("100.00"));
}

/// Runs month-end with interest for `months`, issuing each run.
fn issue_with_interest(
    f: &Facility,
    c: &Contract,
    payments: &[Payment],
    months: &[&str],
) -> Vec<Invoice> {
    use care_core::assisted_living::billing::{month_end, Receivables};
    let rates = interest_table();
    let receivables = Receivables {
        payments,
        rates: &rates,
    };
    let mut history: Vec<Invoice> = Vec::new();
    for month in months {
        let m = month.parse().unwrap();
        let run = month_end(
            f,
            std::slice::from_ref(c),
            &history,
            &MonthEndOptions {
                receivables: Some(receivables),
                ..MonthEndOptions::new(m)
            },
        );
        assert!(run.failures.is_empty(), "{:?}", run.failures);
        let mut seq = InvoiceSequence::continue_after("AH", 2026, &history).unwrap();
        history.extend(
            seq.issue(run.invoices, &IssueOptions::new(m.last_day()))
                .unwrap(),
        );
    }
    history
}

#[test]
fn gaw_9a_interest_is_owed_by_the_payer_who_was_late_alone() {
    use care_core::assisted_living::invoice::LineKind;
    // GAW-9a, SAW-6: January (31 × €29.33 = €909.23) is shared 60/40;
    // p1 pays its €545.54 on time, p2 never pays its €363.69 (due 2 March).
    let (f, c) = two_payers();
    let payments = vec![paid("b1", "p1", "2026-02-15", "545.54", None)];
    let history = issue_with_interest(&f, &c, &payments, &["2026-01", "2026-02", "2026-03"]);
    let march = &history[2];
    let interest: Vec<_> = march
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Interest && l.description().contains("AH-2026-00001"))
        .collect();
    // 363.69 × 4.5 % × 29 / 365 = 1.3003 → €1.30, p2's alone (p1 paid).
    assert_eq!(interest.len(), 1, "{interest:?}");
    assert_eq!(interest[0].amount(), eur("1.30"));
    assert_eq!(interest[0].payer().map(|p| p.as_str()), Some("p2"));
    // Each payer's share: its part of the shared lines plus its own
    // interest (February's invoice is one day late for both).
    let own = |id: &str| -> Money {
        march
            .lines()
            .iter()
            .filter(|l| l.payer().is_some_and(|p| p == id))
            .map(|l| l.amount())
            .sum()
    };
    let shared = march.total() - own("p1") - own("p2");
    let p2_part = Money::round(shared.amount() * rust_decimal::Decimal::new(4, 1));
    let share = |id: &str| {
        march
            .shares()
            .iter()
            .find(|s| s.payer == id)
            .unwrap()
            .amount
    };
    assert_eq!(share("p2"), p2_part + own("p2"));
    assert_eq!(share("p1"), shared - p2_part + own("p1"));
    assert!(own("p2") >= eur("1.30"));
}

#[test]
fn gaw_9a_interest_never_bears_interest() {
    use care_core::assisted_living::invoice::LineKind;
    // GAW-9a: nothing is paid. July's invoice (AH-2026-00003) carries
    // €3.05 of interest on May and €0.10 on June besides its €797.32; when
    // it is late in September, its interest runs on €797.32 only:
    // 797.32 × 4.5 % × 30 / 365 = 2.9490 → €2.95 (on €800.47 it would be
    // €2.96).
    let f = antoniushof_2020().unwrap();
    let c = gaw_contract(&f, "AH-1", "A01", "2026-05-01").unwrap();
    let history = issue_with_interest(
        &f,
        &c,
        &[],
        &["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"],
    );
    let july = &history[2];
    let july_interest: Money = july
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Interest)
        .map(|l| l.amount())
        .sum();
    assert_eq!(july_interest, eur("3.15"));
    let september = &history[4];
    let on_july: Vec<Money> = september
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Interest && l.description().contains("AH-2026-00003"))
        .map(|l| l.amount())
        .collect();
    assert_eq!(on_july, [eur("2.95")]);
}

#[test]
fn gaw_9a_a_payment_on_account_is_the_payers_who_made_it() {
    use care_core::assisted_living::contract::PaymentOnAccount;
    // GAW-9a: €100 paid on account by p2 is credited to p2's share alone;
    // with two payers the payer must be named.
    let (f, c) = two_payers();
    let mut data = c.data().clone();
    data.payments_on_account = vec![PaymentOnAccount {
        id: "v1".into(),
        on: d("2026-01-05"),
        amount: eur("100.00"),
        reference: String::new(),
        payer: None,
    }];
    let err = Contract::new(data.clone(), &f).unwrap_err();
    assert!(err.chain().contains("name the payer"), "{}", err.chain());
    data.payments_on_account[0].payer = Some("p2".parse().unwrap());
    let c = Contract::new(data, &f).unwrap();
    let january = &issue(&f, &c, &["2026-01"])[0];
    let share = |id: &str| {
        january
            .shares()
            .iter()
            .find(|s| s.payer == id)
            .unwrap()
            .amount
    };
    // 31 × 29.33 = 909.23: p2 40 % = 363.69 − 100 = 263.69; p1 545.54.
    assert_eq!(share("p1"), eur("545.54"));
    assert_eq!(share("p2"), eur("263.69"));
    assert_eq!(january.total(), eur("809.23"));
}

#[test]
fn gaw_9a_each_payer_pays_its_share_with_its_own_communication() {
    // GAW-9a: the shares of one invoice are separate debts, so each payer
    // gets its own structured communication; a bank line names the payer
    // whose share it pays, and a payer paying with another's communication
    // pays its own oldest share (reported, never moved to the other payer).
    let (f, c) = two_payers();
    let books = issue(&f, &c, &["2026-01", "2026-02"]);
    let p1 = books[1].communication(&"p1".parse().unwrap(), 101).unwrap();
    let p2 = books[1].communication(&"p2".parse().unwrap(), 101).unwrap();
    assert_ne!(p1, p2);
    let named = care_core::receivables::ledger::share_named_by(&p2, &books, 101).unwrap();
    assert_eq!(
        (
            named.contract.as_str(),
            named.invoice.as_str(),
            named.payer.as_str()
        ),
        ("AH-1", books[1].number().as_str(), "p2")
    );
    assert!(care_core::receivables::ledger::share_named_by(&p1, &books[..1], 101).is_none());
    // p2 pays February with its own communication: February first.
    let february = books[1].shares()[1].amount.to_plain_string();
    let own = paid("b1", "p2", "2026-03-05", &february, Some(&p2.to_string()));
    let s = statement(
        &c.account(&f),
        &"p2".parse().unwrap(),
        &books,
        &[own],
        d("2026-03-31"),
    )
    .unwrap();
    assert_eq!(s.allocations[0].invoice, books[1].number());
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    // p2 pays with p1's communication: noted, its own oldest share paid.
    let wrong = paid("b2", "p2", "2026-03-05", &february, Some(&p1.to_string()));
    let s = statement(
        &c.account(&f),
        &"p2".parse().unwrap(),
        &books,
        &[wrong],
        d("2026-03-31"),
    )
    .unwrap();
    assert_eq!(s.allocations[0].invoice, books[0].number());
    assert_eq!(s.notes.len(), 1);
    // More than ten payers cannot each have one.
    assert!(StructuredCommunication::for_share(books[0].number(), 101, 10).is_err());
}

/// A GAW resident alone in A01 since 2025 who died on 10 June 2026; the
/// keys were never handed back, so the 5-day window ends on 15 June; Luc,
/// the next of kin, clears the flat after it.
fn died_with_next_of_kin(costs: Vec<ClearanceCost>) -> Result<(Facility, Contract), Error> {
    let f = antoniushof_2020().unwrap();
    let mut data = sample_data("AH-15", "A01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2024-12-10"),
        admission: d("2025-01-01"),
        deposit_paid_on: None,
    };
    data.events.push(Event::Death {
        resident: "r1".into(),
        on: d("2026-06-10"),
    });
    data.next_of_kin = Some(NextOfKin {
        id: "nok".parse().unwrap(),
        name: "Luc Verhoeven".into(),
        address: Some("Kortrijksesteenweg 12, 9000 Gent".into()),
        relation: Some("zoon".into()),
    });
    data.clearance_costs = costs;
    let c = Contract::new(data, &f)?;
    Ok((f, c))
}

fn cost(id: &str, on: &str, description: &str, amount: &str) -> ClearanceCost {
    ClearanceCost {
        id: id.into(),
        on: d(on),
        description: description.into(),
        amount: eur(amount),
    }
}

#[test]
fn gaw_15a_clearance_and_storage_costs_are_the_next_of_kins_own_in_full() {
    // GAW-15, GAW-15a: after the window (10 June + 5 days) the operator
    // clears the flat (€350) and stores the belongings (€120): both lines
    // are owed by the next of kin alone, as a payer of their own; the
    // estate's share is the daily price through 15 June (15 × 25.72).
    let (f, c) = died_with_next_of_kin(vec![
        cost("clear", "2026-06-20", "Ontruiming woning", "350.00"),
        cost(
            "store",
            "2026-06-30",
            "Opslag inboedel 16–30 juni",
            "120.00",
        ),
    ])
    .unwrap();
    let invoices = issue(&f, &c, &["2026-06"]);
    let june = &invoices[0];
    let shares: Vec<_> = june
        .shares()
        .iter()
        .map(|s| (s.payer.to_string(), s.amount.to_plain_string()))
        .collect();
    assert_eq!(
        shares,
        [
            ("p1".to_string(), "385.80".to_string()),
            ("nok".to_string(), "470.00".to_string())
        ]
    );
    let kin_lines: Vec<_> = june
        .lines()
        .iter()
        .filter(|l| l.payer().is_some_and(|p| p == "nok"))
        .map(|l| l.description().to_string())
        .collect();
    assert_eq!(kin_lines.len(), 2);
    assert!(kin_lines[0].contains("ten laste van Luc Verhoeven"));

    // The settlement: the estate answers for the stay up to its assets
    // (€100), the next of kin for their €470 in full.
    let account = c.account(&f);
    let statements = ["p1", "nok"]
        .iter()
        .map(|p| {
            statement(
                &account,
                &p.parse().unwrap(),
                &invoices,
                &[],
                d("2026-07-15"),
            )
            .unwrap()
        })
        .collect();
    let settlement = final_settlement(
        &c,
        d("2026-07-15"),
        &SettlementOptions {
            statements,
            estate_assets: Some(eur("100.00")),
            invoiced_through: Some("2026-06".parse().unwrap()),
            ..SettlementOptions::default()
        },
    )
    .unwrap();
    assert_eq!(settlement.next_of_kin_costs, eur("470.00"));
    assert_eq!(settlement.stay_costs, eur("385.80"));
    assert_eq!(settlement.recoverable, eur("570.00"));
}

#[test]
fn gaw_15a_a_clearance_cost_needs_a_next_of_kin_a_death_and_the_window_passed() {
    // GAW-15, GAW-15a, SAW-11
    let within = died_with_next_of_kin(vec![cost("c", "2026-06-15", "Ontruiming", "350.00")]);
    assert!(within.unwrap_err().chain().contains("clearance window"));
    let (f, c) =
        died_with_next_of_kin(vec![cost("c", "2026-06-20", "Ontruiming", "350.00")]).unwrap();
    let mut nobody = c.data().clone();
    nobody.next_of_kin = None;
    assert!(Contract::new(nobody, &f)
        .unwrap_err()
        .chain()
        .contains("names none"));
    let mut alive = c.data().clone();
    alive.events.clear();
    assert!(Contract::new(alive, &f)
        .unwrap_err()
        .chain()
        .contains("after the death"));
    let mut same_id = c.data().clone();
    same_id.next_of_kin.as_mut().unwrap().id = "p1".parse().unwrap();
    assert!(Contract::new(same_id, &f).is_err());
    // SAW-11: the SAW clearance, after the death, goes to the next of kin.
    let s = botermarktpoort_2020().unwrap();
    let mut saw = saw_contract(&s, "S11", "1", "2025-01-01")
        .unwrap()
        .data()
        .clone();
    saw.events.push(Event::Death {
        resident: "r1".into(),
        on: d("2026-06-10"),
    });
    saw.next_of_kin = c.data().next_of_kin.clone();
    saw.clearance_costs = vec![cost("c", "2026-06-11", "Ontruiming", "200.00")];
    let saw = Contract::new(saw, &s).unwrap();
    let invoices = issue(&s, &saw, &["2026-06"]);
    assert_eq!(invoices[0].shares()[1].amount, eur("200.00"));
}

#[test]
fn gaw_23_damage_is_charged_at_its_real_cost_apart_from_the_deposit() {
    // GAW-23: a door frame the resident damaged, repaired at €185.40: an
    // extra with its reason; the deposit (€771.60) is untouched.
    let f = antoniushof_2020().unwrap();
    let mut data = gaw_contract(&f, "AH-23", "A01", "2026-01-01")
        .unwrap()
        .data()
        .clone();
    data.damage_repairs = vec![DamageRepair {
        id: "deur".into(),
        on: d("2026-06-12"),
        reason: "deurkader beschadigd met rolstoel".into(),
        amount: eur("185.40"),
    }];
    let c = Contract::new(data.clone(), &f).unwrap();
    assert_eq!(c.deposit(), Some(eur("771.60")));
    let june = &issue(&f, &c, &["2026-06"])[0];
    let repair = june
        .lines()
        .iter()
        .find(|l| l.description().contains("deurkader"))
        .unwrap();
    assert_eq!(repair.amount(), eur("185.40"));
    assert_eq!(repair.date(), Some(d("2026-06-12")));
    assert_eq!(june.total(), eur("957.00")); // 30 × 25.72 + 185.40
                                             // A repair without its reason is refused, as is one on a SAW flat.
    data.damage_repairs[0].reason.clear();
    assert!(Contract::new(data.clone(), &f)
        .unwrap_err()
        .chain()
        .contains("GAW-23"));
    let s = botermarktpoort_2020().unwrap();
    let mut saw = saw_contract(&s, "S23", "1", "2026-01-01")
        .unwrap()
        .data()
        .clone();
    saw.damage_repairs = data.damage_repairs;
    saw.damage_repairs[0].reason = "deur".into();
    assert!(Contract::new(saw, &s)
        .unwrap_err()
        .chain()
        .contains("housing company"));
}

#[test]
fn gaw_9c_whether_a_third_party_payers_late_share_bears_interest_is_facility_data() {
    use care_core::assisted_living::invoice::LineKind;
    // GAW-9c: the resident (60 %) and a social service (40 %) both leave
    // January unpaid. By default each owes interest on its own late share;
    // a facility whose data says third-party shares bear none charges the
    // resident's alone.
    let (f, c) = two_payers();
    let mut data = c.data().clone();
    data.payers[0].name = data.residents[0].name.clone();
    data.payers[1].name = "OCMW Gent, sociale dienst".into();
    let interest_payers = |f: &Facility| {
        let c = Contract::new(data.clone(), f).unwrap();
        let history = issue_with_interest(f, &c, &[], &["2026-01", "2026-02", "2026-03"]);
        let mut payers: Vec<String> = history[2]
            .lines()
            .iter()
            .filter(|l| l.kind() == LineKind::Interest)
            .filter_map(|l| l.payer().map(|p| p.to_string()))
            .collect();
        payers.sort();
        payers.dedup();
        payers
    };
    assert_eq!(interest_payers(&f), ["p1", "p2"]);
    let mut info = f.info().clone();
    info.terms.third_party_interest = false;
    let none = Facility::new(info, f.flats().to_vec(), f.tariff().clone()).unwrap();
    assert_eq!(interest_payers(&none), ["p1"]);
}
