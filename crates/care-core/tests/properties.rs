//! Invariants over generated data (proptest). Money comes from integer
//! cents; dates from day offsets.

use care_core::assisted_living::billing::{invoice_contract, month_end, MonthEndOptions};
use care_core::assisted_living::contract::{Agreement, ContractData, ExtraCharge, Payer};
use care_core::assisted_living::event::{Event, TerminationGround};
use care_core::assisted_living::invoice::{
    split_total, Invoice, InvoiceSequence, IssueOptions, LineSource,
};
use care_core::sample::{antoniushof_2020, botermarktpoort_2020, sample_data};
use care_core::{BillingMonth, Contract, DateRange, Facility, Money, Percent};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Duration::days(offset)
}

/// A generated contract life: events, each recorded in some month (late
/// reporting is an event recorded after its month was invoiced).
#[derive(Clone, Debug)]
struct Life {
    saw: bool,
    admission: i64,
    events: Vec<(Event, i64)>,
    extras: Vec<(i64, u32)>,
}

fn life() -> impl Strategy<Value = Life> {
    (
        any::<bool>(),
        0i64..300,
        prop::option::of((0i64..200, 0i64..60)), // notice: offset after admission, report delay
        prop::option::of((0i64..400, 0i64..60, 0i64..8)), // death: offset, delay, keys after death
        prop::option::of((1i64..40, 0i64..60)),  // re-occupation after the notice, delay
        prop::collection::vec((0i64..400, 1u32..4), 0..5),
    )
        .prop_map(|(saw, admission, notice, death, reoccupied, extras)| {
            let mut events = Vec::new();
            if let Some((at, delay)) = notice {
                let on = admission + at;
                let event = if saw {
                    Event::LeaseEnded {
                        lease_end: day(on + 30),
                        left_on: None,
                    }
                } else {
                    Event::ResidentNotice {
                        resident: None,
                        second_receipt_on: None,
                        notified_on: day(on),
                    }
                };
                events.push((event, on + delay));
                if let Some((after, delay)) = reoccupied {
                    let on = on + after;
                    events.push((Event::Reoccupied { on: day(on) }, on + delay));
                }
            }
            if let Some((at, delay, keys)) = death {
                let on = admission + at;
                events.push((
                    Event::Death {
                        resident: "r1".into(),
                        on: day(on),
                    },
                    on + delay,
                ));
                if !saw {
                    events.push((
                        Event::KeysReturned { on: day(on + keys) },
                        on + keys + delay,
                    ));
                }
            }
            let extras = extras
                .into_iter()
                .map(|(at, q)| (admission + at, q))
                .collect();
            Life {
                saw,
                admission,
                events,
                extras,
            }
        })
}

const LAST: i64 = 729; // through 2026-12-31

/// The contract as known at the end of `month_offset` (a day offset): the
/// events recorded by then, and the extras that are still valid.
fn known(facility: &Facility, life: &Life, known_at: i64) -> Option<Contract> {
    let mut data: ContractData = sample_data("C", if life.saw { "1" } else { "A01" }).ok()?;
    data.agreement = if life.saw {
        Agreement::Saw {
            signed_on: day(life.admission),
            lease_signed: day(life.admission),
            start: day(life.admission),
            lease_reference: "L".into(),
        }
    } else {
        Agreement::Gaw {
            signed_on: day(life.admission),
            admission: day(life.admission),
            deposit_paid_on: None,
        }
    };
    data.events = life
        .events
        .iter()
        .filter(|(_, rec)| *rec <= known_at)
        .map(|(e, _)| e.clone())
        .collect();
    let contract = Contract::new(data.clone(), facility).ok()?;
    let allowed = contract.lifecycle().extras_period();
    for (i, (at, q)) in life.extras.iter().enumerate() {
        if *at <= known_at && allowed.is_some_and(|p| p.contains(day(*at))) {
            data.extras.push(ExtraCharge {
                id: format!("x{i}"),
                code: "hot_meal".into(),
                on: day(*at),
                quantity: (*q).into(),
                unit_price: None,
                note: None,
            });
        }
    }
    Contract::new(data, facility).ok()
}

fn net_per_day(invoices: &[Invoice]) -> BTreeMap<NaiveDate, Money> {
    let mut days = BTreeMap::new();
    for line in invoices.iter().flat_map(|i| i.lines()) {
        if *line.source() == LineSource::DailyPrice {
            for d in line.period().unwrap().iter() {
                *days.entry(d).or_insert(Money::ZERO) += line.unit_price();
            }
        }
    }
    days.retain(|_, m| !m.is_zero());
    days
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// Over consecutive months, with events reported late, the days billed
    /// (net of corrections) are exactly the days of the chargeable stay, each
    /// at its price, none twice; every invoice adds up; a re-run is identical
    /// and, once issued, gives nothing new.
    #[test]
    fn days_billed_equal_the_stay_corrections_included(life in life()) {
        let facility = if life.saw { botermarktpoort_2020().unwrap() } else { antoniushof_2020().unwrap() };
        let first = BillingMonth::of(day(life.admission));
        let last = BillingMonth::of(day(LAST));
        let mut history: Vec<Invoice> = Vec::new();
        let mut month = first;
        let mut final_contract = None;
        while month <= last {
            let Some(contract) = known(&facility, &life, (month.last_day() - day(0)).num_days()) else {
                // An event history the rules refuse: nothing to bill.
                return Ok(());
            };
            let options = MonthEndOptions { month, since: Some(first), receivables: None };
            let run = month_end(&facility, std::slice::from_ref(&contract), &history, &options);
            prop_assert!(run.failures.is_empty(), "{:?}", run.failures);
            prop_assert_eq!(&run, &month_end(&facility, std::slice::from_ref(&contract), &history, &options));
            for invoice in &run.invoices {
                let sum: Money = invoice.lines().iter().map(|l| l.amount()).sum();
                prop_assert_eq!(sum, invoice.total());
                prop_assert_eq!(invoice.shares().iter().map(|s| s.amount).sum::<Money>(), invoice.total());
            }
            let mut seq = InvoiceSequence::continue_after("AH", month.year(), &history).unwrap();
            history.extend(seq.issue(run.invoices, &IssueOptions::new(month.last_day())).unwrap());
            // Once issued, the same month gives nothing new.
            let again = month_end(&facility, std::slice::from_ref(&contract), &history, &options);
            prop_assert!(again.invoices.is_empty(), "{:?}", again.invoices);
            final_contract = Some(contract);
            month = month.next();
        }
        let contract = final_contract.unwrap();
        // What should have been billed, in one go, from the final data.
        let expected = invoice_contract(&facility, &contract, &[], &MonthEndOptions { since: Some(first), ..MonthEndOptions::new(last) }).unwrap();
        let issued_once = InvoiceSequence::new("X", 2026, 0).issue(expected, &IssueOptions::new(day(LAST))).unwrap();
        prop_assert_eq!(net_per_day(&history), net_per_day(&issued_once));
        // Each day of the stay once, at its price; nothing outside it.
        let stay = contract.lifecycle().stay(day(LAST));
        let billed = net_per_day(&history);
        prop_assert_eq!(billed.len() as u32, stay.map_or(0, DateRange::days));
        // Net extras equal the extras still recorded.
        let extras: Money = history.iter().flat_map(|i| i.lines()).filter(|l| matches!(l.source(), LineSource::Extra { .. })).map(|l| l.amount()).sum();
        let expected_extras: Money = contract.data().extras.iter().map(|e| Money::from_cents(750).times(e.quantity)).sum();
        prop_assert_eq!(extras, expected_extras);
    }

    /// Payer shares always sum to the total, whatever the cents and shares.
    #[test]
    fn payer_shares_sum_to_the_total(cents in -10_000_000i64..10_000_000, cuts in prop::collection::vec(0u32..=10_000, 0..4)) {
        // Shares in hundredths of a percent, summing to 100 %.
        let mut shares = Vec::new();
        let mut left = 10_000u32;
        for cut in cuts {
            let share = cut.min(left);
            shares.push(share);
            left -= share;
        }
        shares.push(left);
        let payers: Vec<Payer> = shares.iter().enumerate().map(|(i, s)| Payer {
            id: format!("p{i}").parse().unwrap(), name: format!("P{i}"), address: None,
            share: Percent::new(Decimal::new(i64::from(*s), 2)).unwrap(),
        }).collect();
        let total = Money::from_cents(cents);
        let split = split_total(total, &payers);
        prop_assert_eq!(split.iter().map(|s| s.amount).sum::<Money>(), total);
        for (share, payer) in split.iter().zip(&payers).skip(1) {
            // Every payer but the first gets its share to the cent.
            prop_assert_eq!(share.amount, payer.share.of(total));
        }
    }

    /// Arbitrary events never make the library panic: they are accepted or
    /// refused with an error, and month-end reports rather than panics.
    #[test]
    fn no_input_panics(
        saw in any::<bool>(),
        admission in -400i64..800,
        raw in prop::collection::vec((0u8..14, -500i64..900, 0u32..20, 0u8..3), 0..8),
        month_offset in -400i64..900,
    ) {
        let facility = if saw { botermarktpoort_2020().unwrap() } else { antoniushof_2020().unwrap() };
        let mut data = sample_data("P", if saw { "1" } else { "B01" })?;
        data.agreement = if saw {
            Agreement::Saw { signed_on: day(admission - 3), lease_signed: day(admission - 3), start: day(admission), lease_reference: "L".into() }
        } else {
            Agreement::Gaw { signed_on: day(admission), admission: day(admission), deposit_paid_on: None }
        };
        let resident = |n: u8| ["r1", "r2", "r9"][n as usize].to_string();
        for (kind, offset, n, who) in raw {
            let on = day(offset);
            let event = match kind {
                0 => Event::ResidentNotice { resident: None, second_receipt_on: None, notified_on: on },
                1 => Event::FormalNotice { on, ground: TerminationGround::Theft },
                2 => Event::HearingInvitation { on },
                3 => Event::OperatorNotice { notified_on: on, ground: TerminationGround::Theft },
                4 => Event::HealthTermination { notified_on: on, placement_on: Some(on + Duration::days(i64::from(n) * 7)) },
                5 => Event::Death { resident: resident(who), on },
                6 => Event::ResidentLeft { resident: resident(who), on },
                7 => Event::KeysReturned { on },
                8 => Event::ClearanceExtended { until: on },
                9 => Event::Reoccupied { on },
                10 => Event::Absence { period: DateRange::new(on, on + Duration::days(n.into())).unwrap(), reason: String::new() },
                11 => Event::LeaseEnded { lease_end: on, left_on: Some(on - Duration::days(n.into())) },
                12 => Event::PreAdmissionCancellation { notified_on: on, fee_days: n },
                _ => Event::CandidateDied { on },
            };
            data.events.push(event);
        }
        if let Ok(contract) = Contract::new(data, &facility) {
            let month = BillingMonth::of(day(month_offset));
            let run = month_end(&facility, &[contract], &[], &MonthEndOptions::new(month));
            for invoice in &run.invoices {
                prop_assert_eq!(invoice.lines().iter().map(|l| l.amount()).sum::<Money>(), invoice.total());
            }
        }
    }
}
