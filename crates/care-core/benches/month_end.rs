//! Month-end for 100,000 generated contracts: GAW and SAW mixed, a price
//! change in the middle of the month for most of them, extras, recurring
//! charges, a few deaths and notices. Target: under 0.5 s on one core.

use care_core::assisted_living::billing::{month_end, MonthEndOptions};
use care_core::assisted_living::contract::{ExtraCharge, Subscription};
use care_core::assisted_living::event::Event;
use care_core::assisted_living::indexation::PriceNotice;
use care_core::assisted_living::tariff::ApprovedChange;
use care_core::sample::{antoniushof_2020, botermarktpoort_2020, gaw_contract, saw_contract};
use care_core::{Contract, Facility, Money};
use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rust_decimal::Decimal;

fn with_june_increase(facility: Facility, band: &str) -> Facility {
    let mut tariff = facility.tariff().clone();
    tariff
        .approve(&ApprovedChange {
            id: "JUNE".into(),
            effective_from: NaiveDate::from_ymd_opt(2026, 6, 16),
            reference: "bench".into(),
            daily: [(band.to_string(), Money::from_cents(4_000))].into(),
            ..Default::default()
        })
        .unwrap();
    Facility::new(facility.info().clone(), facility.flats().to_vec(), tariff).unwrap()
}

fn contracts(facility: &Facility, count: usize, saw: bool) -> Vec<Contract> {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    (0..count)
        .map(|i| {
            let id = format!("C{i:06}");
            let admission = start + Duration::days((i % 900) as i64);
            let admission_text = admission.to_string();
            let mut c = if saw {
                saw_contract(
                    facility,
                    &id,
                    if i % 2 == 0 { "1" } else { "2" },
                    &admission_text,
                )
            } else {
                gaw_contract(
                    facility,
                    &id,
                    if i % 2 == 0 { "A01" } else { "B01" },
                    &admission_text,
                )
            }
            .unwrap();
            // Most residents were notified of the June increase on time.
            if i % 10 != 0 && admission < NaiveDate::from_ymd_opt(2026, 6, 16).unwrap() {
                let notice = PriceNotice {
                    change: "JUNE".into(),
                    notified_on: NaiveDate::from_ymd_opt(2026, 5, 10).unwrap(),
                    effective_on: None,
                    representative_notified_on: None,
                };
                c.add_price_notice(notice, facility).unwrap();
            }
            let on = NaiveDate::from_ymd_opt(2026, 6, 1 + (i % 9) as u32).unwrap();
            if on >= admission {
                for k in 0..3u32 {
                    let extra = ExtraCharge {
                        id: format!("x{k}"),
                        code: "hot_meal".into(),
                        on: on + Duration::days(k.into()),
                        quantity: Decimal::from(1 + k),
                        unit_price: None,
                        note: None,
                    };
                    c.add_extra(extra, facility).unwrap();
                }
                if !saw && i % 2 == 0 {
                    let sub = Subscription {
                        amendment: None,
                        id: "heat".into(),
                        code: "heating_advance".into(),
                        from: admission,
                        until: None,
                        amount: Some(Money::from_cents(4_500)),
                    };
                    c.add_subscription(sub, facility).unwrap();
                }
                match i % 50 {
                    0 => c
                        .record(
                            Event::Death {
                                resident: "r1".into(),
                                on: NaiveDate::from_ymd_opt(2026, 6, 20).unwrap(),
                            },
                            facility,
                        )
                        .unwrap(),
                    1 if !saw => c
                        .record(
                            Event::ResidentNotice {
                                resident: None,
                                second_receipt_on: None,
                                notified_on: NaiveDate::from_ymd_opt(2026, 6, 5).unwrap(),
                            },
                            facility,
                        )
                        .unwrap(),
                    _ => {}
                }
            }
            c
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let gaw = with_june_increase(antoniushof_2020().unwrap(), "small");
    let saw = with_june_increase(botermarktpoort_2020().unwrap(), "flat");
    let gaw_contracts = contracts(&gaw, 60_000, false);
    let saw_contracts = contracts(&saw, 40_000, true);
    let options = MonthEndOptions::new("2026-06".parse().unwrap());
    let mut group = c.benchmark_group("month_end");
    group.sample_size(10);
    group.bench_function("100k contracts, June 2026", |b| {
        b.iter_batched(
            || (),
            |()| {
                let g = month_end(&gaw, &gaw_contracts, &[], &options);
                let s = month_end(&saw, &saw_contracts, &[], &options);
                assert!(g.failures.is_empty() && s.failures.is_empty());
                (g.invoices.len() + s.invoices.len(), g.total() + s.total())
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
