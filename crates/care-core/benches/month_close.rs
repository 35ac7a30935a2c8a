//! Month close over long issued history: 2,000 GAW contracts with 1, 5 and
//! 10 years of monthly invoices, their payments (a few late, so statutory
//! interest is charged) and a few late extras that correct old months. One
//! run closes the next month: invoices, statements, letters, the batch.
//! Target (issue 8): under 1 s with ten years, cost at most linear in the
//! length of the history. Peak memory (VmHWM, Linux) is printed after each
//! history is built and measured.
//!
//! The interest rate here is a bench figure, 4.5 % every year, not
//! reference data.

use care_core::assisted_living::billing::{month_end, MonthEndOptions, Receivables};
use care_core::assisted_living::contract::ExtraCharge;
use care_core::assisted_living::invoice::{Invoice, InvoiceSequence, IssueOptions};
use care_core::assisted_living::month_close::{month_close, MonthCloseOptions};
use care_core::receivables::interest::InterestTable;
use care_core::receivables::ledger::Payment;
use care_core::sample::{antoniushof_2020, gaw_contract};
use care_core::{BillingMonth, Contract, Facility};
use chrono::Duration;
use criterion::{criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;

const CONTRACTS: usize = 2_000;

fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn rates() -> InterestTable {
    let mut table = InterestTable::new("bench figure, not reference data");
    for year in 2020..=2032 {
        table.insert(year, Decimal::new(45, 1)).unwrap();
    }
    table
}

fn contracts(facility: &Facility) -> Vec<Contract> {
    (0..CONTRACTS)
        .map(|i| {
            let flat = if i % 2 == 0 { "A01" } else { "B01" };
            gaw_contract(facility, &format!("C{i:05}"), flat, "2020-06-01").unwrap()
        })
        .collect()
}

/// `years` of history before January 2031: every month issued, every
/// share paid five days before it is due except one contract in fifty,
/// which pays forty days late.
fn history(
    facility: &Facility,
    contracts: &[Contract],
    years: i32,
) -> (Vec<Invoice>, Vec<Payment>) {
    let rates = rates();
    let start = BillingMonth::new(2031 - years, 1).unwrap();
    let mut books: Vec<Invoice> = Vec::new();
    let mut payments: Vec<Payment> = Vec::new();
    let mut month = start;
    while month < BillingMonth::new(2031, 1).unwrap() {
        let run = month_end(
            facility,
            contracts,
            &books,
            &MonthEndOptions {
                since: Some(start),
                receivables: Some(Receivables {
                    payments: &payments,
                    rates: &rates,
                }),
                ..MonthEndOptions::new(month)
            },
        );
        assert!(run.failures.is_empty(), "{:?}", run.failures.first());
        let mut numbers = InvoiceSequence::continue_after("AH", month.year(), &books).unwrap();
        let issued = numbers
            .issue(run.invoices, &IssueOptions::new(month.last_day()))
            .unwrap();
        for invoice in &issued {
            let id = invoice.contract().as_str();
            let late = id.ends_with("00") || id.ends_with("50");
            for share in invoice
                .shares()
                .iter()
                .filter(|s| !s.amount.is_negative() && !s.amount.is_zero())
            {
                let on = if late {
                    invoice.due_on() + Duration::days(40)
                } else {
                    invoice.due_on() - Duration::days(5)
                };
                payments.push(Payment {
                    id: format!("{}-{}", invoice.number(), share.payer),
                    contract: invoice.contract().clone(),
                    payer: share.payer.clone(),
                    on,
                    amount: share.amount,
                    reference: Some(
                        invoice
                            .communication(&share.payer, 101)
                            .unwrap()
                            .to_string(),
                    ),
                });
            }
        }
        books.extend(issued);
        month = month.next();
    }
    (books, payments)
}

/// One contract in a hundred gets a meal recorded late, in the first month
/// of the history: the close corrects that month.
fn with_late_extras(facility: &Facility, contracts: &[Contract], years: i32) -> Vec<Contract> {
    let day = BillingMonth::new(2031 - years, 1).unwrap().first_day() + Duration::days(9);
    contracts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut c = c.clone();
            if i % 100 == 7 {
                c.add_extra(
                    ExtraCharge {
                        id: "late-meal".into(),
                        code: "hot_meal".into(),
                        on: day,
                        quantity: Decimal::ONE,
                        unit_price: None,
                        note: None,
                    },
                    facility,
                )
                .unwrap();
            }
            c
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let facility = antoniushof_2020().unwrap();
    let plain = contracts(&facility);
    let rates = rates();
    let mut group = c.benchmark_group("month_close");
    group.sample_size(10);
    for years in [1, 5, 10] {
        let (books, payments) = history(&facility, &plain, years);
        let contracts = with_late_extras(&facility, &plain, years);
        let options = MonthCloseOptions {
            issued: &books,
            payments: &payments,
            ..MonthCloseOptions::new(BillingMonth::new(2031, 1).unwrap(), &rates)
        };
        let close = month_close(&facility, &contracts, &options).unwrap();
        assert!(close.failures.is_empty());
        let corrections = close
            .invoices
            .iter()
            .filter(|i| !i.corrected_invoices().is_empty())
            .count();
        println!(
            "{years:>2} years: {} invoices and {} payments in the books; the close issues {} invoices ({corrections} with corrections), {} dunning letters; peak {:.0} MiB",
            books.len(),
            payments.len(),
            close.invoices.len(),
            close.dunning_letters.len(),
            peak_mib()
        );
        group.bench_function(format!("2,000 contracts, {years} years of history"), |b| {
            b.iter(|| {
                month_close(&facility, &contracts, &options)
                    .unwrap()
                    .invoices
                    .len()
            })
        });
    }
    group.finish();
    println!("peak after all runs: {:.0} MiB", peak_mib());
}

criterion_group!(benches, bench);
criterion_main!(benches);
