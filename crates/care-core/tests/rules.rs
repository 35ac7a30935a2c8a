//! The rules of `shared/RULES.md`, one or more tests each, citing the rule
//! id. The worked examples of RULES.md are here verbatim.

use care_core::assisted_living::billing::{invoice_contract, month_end, MonthEndOptions};
use care_core::assisted_living::contract::{
    Agreement, ContractData, Discount, DiscountValue, ExtraCharge, Payer, PaymentOnAccount,
    Representative, Resident, Settlement, Subscription,
};
use care_core::assisted_living::cpi::CpiTable;
use care_core::assisted_living::event::{Event, SawGround, TerminationGround};
use care_core::assisted_living::indexation::PriceNotice;
use care_core::assisted_living::invoice::{
    InvoiceKind, InvoiceSequence, IssueOptions, LineKind, VAT_EXEMPTION,
};
use care_core::assisted_living::lifecycle::EndReason;
use care_core::assisted_living::tariff::{ApprovedChange, Indexation};
use care_core::sample::{
    antoniushof_2020, botermarktpoort_2020, gaw_contract, sample_data, saw_contract,
};
use care_core::{BillingMonth, Contract, DateRange, Error, Facility, InvoiceDraft, Money};
use chrono::NaiveDate;
use rust_decimal_macros::dec;

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn m(text: &str) -> BillingMonth {
    text.parse().unwrap()
}

fn eur(text: &str) -> Money {
    text.parse().unwrap()
}

fn bill(facility: &Facility, contract: &Contract, month: &str) -> InvoiceDraft {
    let month = m(month);
    let mut drafts =
        invoice_contract(facility, contract, &[], &MonthEndOptions::new(month)).unwrap();
    assert_eq!(drafts.len(), 1, "one invoice for {month}");
    drafts.remove(0)
}

fn lines_of(invoice: &InvoiceDraft, kind: LineKind) -> Vec<(String, String, String)> {
    invoice
        .lines()
        .iter()
        .filter(|l| l.kind() == kind)
        .map(|l| {
            let when = l
                .period()
                .map(|p| p.to_string())
                .or(l.date().map(|d| d.to_string()))
                .unwrap_or_default();
            (when, l.quantity().to_string(), l.amount().to_plain_string())
        })
        .collect()
}

/// A resident with only an id and a name.
fn resident(id: &str, name: &str) -> Resident {
    Resident {
        id: id.into(),
        name: name.into(),
        born: None,
        salutation: None,
        address: None,
        payer: None,
    }
}

fn record(contract: &mut Contract, facility: &Facility, events: Vec<Event>) {
    for event in events {
        contract.record(event, facility).unwrap();
    }
}

// ---------------------------------------------------------------- GAW-1, 2

#[test]
fn gaw_1_daily_price_by_half_open_size_band() {
    // GAW-1
    let f = antoniushof_2020().unwrap();
    let table = [
        ("0", "small"),
        ("46.99", "small"),
        ("47", "large"),
        ("120", "large"),
    ];
    for (area, band) in table {
        assert_eq!(
            f.tariff().band_for(area.parse().unwrap()).unwrap().name,
            band,
            "{area} m²"
        );
    }
    let small = gaw_contract(&f, "S", "A01", "2026-06-01").unwrap();
    let large = gaw_contract(&f, "L", "B01", "2026-06-01").unwrap();
    assert_eq!(bill(&f, &small, "2026-06").total(), eur("771.60")); // 30 × 25.72
    assert_eq!(bill(&f, &large, "2026-06").total(), eur("879.90")); // 30 × 29.33
}

#[test]
fn gaw_1_area_in_no_band_is_an_error() {
    // GAW-1
    let f = antoniushof_2020().unwrap();
    let mut bands = f.tariff().bands().to_vec();
    bands[0].lower = "20".parse().unwrap();
    let err = care_core::TariffHistory::new(
        bands,
        vec![],
        "t",
        d("2020-05-01"),
        "test",
        care_core::assisted_living::tariff::PriceList {
            bands: f.tariff().versions()[0].prices.bands.clone(),
            extras: Default::default(),
        },
    )
    .unwrap()
    .band_for("12".parse().unwrap())
    .unwrap_err();
    assert!(
        matches!(err, Error::AreaOutsideBands { .. }),
        "{}",
        err.chain()
    );
    assert!(err.chain().contains("12 m²"));
}

#[test]
fn gaw_2_breakdown_mismatch_is_reported_not_adjusted() {
    // GAW-2
    let f = antoniushof_2020().unwrap();
    let report = f.tariff().breakdown_report();
    assert_eq!(report.len(), 2);
    for row in &report {
        assert_eq!(row.difference, eur("0.05"), "{row:?}");
    }
    assert_eq!(report[0].parts, eur("25.67"));
    assert_eq!(report[1].parts, eur("29.28"));
    // The total stays authoritative.
    assert_eq!(
        f.tariff().versions()[0]
            .prices
            .band("small")
            .unwrap()
            .daily
            .amount(),
        eur("25.72")
    );
}

// ---------------------------------------------------------------- GAW-3, 4, 5

#[test]
fn gaw_3_phone_is_a_yearly_charge_from_the_catalogue() {
    // GAW-3
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "P", "A01", "2025-11-10").unwrap();
    c.add_subscription(
        Subscription {
            amendment: None,
            id: "tel".into(),
            code: "phone".into(),
            from: d("2025-11-10"),
            until: None,
            amount: None,
        },
        &f,
    )
    .unwrap();
    // Billed in the first month of each calendar year with a stay.
    let nov = bill(&f, &c, "2025-11");
    assert_eq!(
        lines_of(&nov, LineKind::Extra),
        vec![("2025-01-01 – 2025-12-31".into(), "1".into(), "4.96".into())]
    );
    assert!(lines_of(&bill(&f, &c, "2025-12"), LineKind::Extra).is_empty());
    assert_eq!(lines_of(&bill(&f, &c, "2026-01"), LineKind::Extra).len(), 1);
    assert!(lines_of(&bill(&f, &c, "2026-02"), LineKind::Extra).is_empty());
}

#[test]
fn gaw_4_heating_advance_for_next_month_and_yearly_settlement() {
    // GAW-4
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "H", "A01", "2026-03-01").unwrap();
    c.add_subscription(
        Subscription {
            amendment: None,
            id: "heat".into(),
            code: "heating_advance".into(),
            from: d("2026-03-01"),
            until: None,
            amount: Some(eur("45.00")),
        },
        &f,
    )
    .unwrap();
    c.add_settlement(
        Settlement {
            id: "s25".into(),
            code: "heating_advance".into(),
            on: d("2026-04-15"),
            year: 2025,
            amount: eur("-12.40"),
        },
        &f,
    )
    .unwrap();
    // The first invoice carries its own month and the next one's advance.
    let march = bill(&f, &c, "2026-03");
    assert_eq!(
        lines_of(&march, LineKind::Extra),
        vec![("2026-03-01 – 2026-03-31".into(), "1".into(), "45.00".into())]
    );
    assert_eq!(
        lines_of(&march, LineKind::Advance),
        vec![("2026-04-01 – 2026-04-30".into(), "1".into(), "45.00".into())]
    );
    let april = bill(&f, &c, "2026-04");
    assert_eq!(
        lines_of(&april, LineKind::Advance),
        vec![("2026-05-01 – 2026-05-31".into(), "1".into(), "45.00".into())]
    );
    assert_eq!(
        lines_of(&april, LineKind::Extra),
        vec![("2026-04-15".into(), "1".into(), "-12.40".into())]
    );
}

#[test]
fn gaw_5_extra_lines_carry_nature_quantity_unit_price_and_amount() {
    // GAW-5
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "X", "A01", "2026-06-01").unwrap();
    c.add_extra(
        ExtraCharge {
            id: "m1".into(),
            code: "hot_meal".into(),
            on: d("2026-06-03"),
            quantity: dec!(4),
            unit_price: None,
            note: None,
        },
        &f,
    )
    .unwrap();
    c.add_extra(
        ExtraCharge {
            id: "b1".into(),
            code: "bridging_care".into(),
            on: d("2026-06-05"),
            quantity: dec!(1.5),
            unit_price: Some(eur("31.25")),
            note: Some("nachtzorg".into()),
        },
        &f,
    )
    .unwrap();
    let june = bill(&f, &c, "2026-06");
    let extras: Vec<_> = june
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Extra)
        .collect();
    assert_eq!(extras[0].description(), "Warme maaltijd");
    assert_eq!(
        (
            extras[0].quantity(),
            extras[0].unit_price(),
            extras[0].amount()
        ),
        (dec!(4), eur("7.50"), eur("30.00"))
    );
    assert_eq!(
        extras[1].description(),
        "Overbruggingszorg (reële kost) (nachtzorg)"
    );
    // 1.5 × 31.25 = 46.875 → 46.88, half away from zero.
    assert_eq!(extras[1].amount(), eur("46.88"));
    // A negative quantity is refused.
    let err = c
        .add_extra(
            ExtraCharge {
                id: "m2".into(),
                code: "hot_meal".into(),
                on: d("2026-06-04"),
                quantity: dec!(-1),
                unit_price: None,
                note: None,
            },
            &f,
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::NegativeQuantity { .. }),
        "{}",
        err.chain()
    );
    // An unknown extra too.
    let err = c
        .add_extra(
            ExtraCharge {
                id: "m3".into(),
                code: "sauna".into(),
                on: d("2026-06-04"),
                quantity: dec!(1),
                unit_price: None,
                note: None,
            },
            &f,
        )
        .unwrap_err();
    assert!(err.chain().contains("sauna"), "{}", err.chain());
}

// ---------------------------------------------------------------- GAW-6, SAW-3

fn cpi() -> CpiTable {
    let mut cpi = CpiTable::new("Statbel, base 2013 = 100 (RULES.md)");
    for (month, figure) in [
        ("2020-05", dec!(109.45)),
        ("2021-02", dec!(110.21)),
        ("2021-11", dec!(115.63)),
        ("2022-12", dec!(127.72)),
        ("2023-01", dec!(127.84)),
    ] {
        cpi.insert(m(month), figure).unwrap();
    }
    cpi
}

fn indexed_facility() -> Facility {
    let f = antoniushof_2020().unwrap();
    let mut tariff = f.tariff().clone();
    tariff
        .index(
            &Indexation {
                decided_on: None,
                id: "IDX-2022".into(),
                effective_from: d("2022-01-01"),
                base_month: None,
                index_month: m("2021-11"),
            },
            &cpi(),
        )
        .unwrap();
    Facility::new(f.info().clone(), f.flats().to_vec(), tariff).unwrap()
}

#[test]
fn gaw_6_indexation_is_old_times_new_over_base_rounded_to_the_cent() {
    // GAW-6
    let f = indexed_facility();
    let v = &f.tariff().versions()[1];
    // The 2020 tariff took effect in May 2020: base index 109.45.
    // 25.72 × 115.63 / 109.45 = 27.1723… → 27.17; 29.33 × … = 30.9861… → 30.99
    assert_eq!(v.prices.band("small").unwrap().daily.amount(), eur("27.17"));
    assert_eq!(v.prices.band("large").unwrap().daily.amount(), eur("30.99"));
}

#[test]
fn gaw_6_at_most_one_indexation_a_year() {
    // GAW-6
    let mut tariff = indexed_facility().tariff().clone();
    let err = tariff
        .index(
            &Indexation {
                decided_on: None,
                id: "IDX-2022b".into(),
                effective_from: d("2022-12-15"),
                base_month: None,
                index_month: m("2022-11"),
            },
            &cpi(),
        )
        .unwrap_err();
    assert!(
        err.chain().contains("at most one a year"),
        "{}",
        err.chain()
    );
    // A missing CPI month is an error, not a guess: the base of the next
    // indexation is January 2022, when IDX-2022 took effect.
    let err = tariff
        .index(
            &Indexation {
                decided_on: None,
                id: "IDX-2023".into(),
                effective_from: d("2023-02-01"),
                base_month: None,
                index_month: m("2023-01"),
            },
            &cpi(),
        )
        .unwrap_err();
    assert_eq!(
        err,
        Error::MissingIndex {
            month: m("2022-01")
        }
    );
}

#[test]
fn gaw_6_price_applies_no_earlier_than_30_days_after_the_notice() {
    // GAW-6
    let f = indexed_facility();
    let mut on_time = gaw_contract(&f, "T", "A01", "2021-06-01").unwrap();
    on_time
        .add_price_notice(
            PriceNotice {
                change: "IDX-2022".into(),
                notified_on: d("2021-11-25"),
                effective_on: None,
                representative_notified_on: None,
            },
            &f,
        )
        .unwrap();
    let mut late = gaw_contract(&f, "L", "A01", "2021-06-01").unwrap();
    late.add_price_notice(
        PriceNotice {
            change: "IDX-2022".into(),
            notified_on: d("2021-12-10"),
            effective_on: None,
            representative_notified_on: None,
        },
        &f,
    )
    .unwrap();
    let never = gaw_contract(&f, "N", "A01", "2021-06-01").unwrap();

    let jan = |c: &Contract| lines_of(&bill(&f, c, "2022-01"), LineKind::DailyPrice);
    assert_eq!(
        jan(&on_time),
        vec![(
            "2022-01-01 – 2022-01-31".into(),
            "31".into(),
            "842.27".into()
        )]
    ); // 31 × 27.17
       // Notified 10 December: the new price from 9 January; the month splits.
    assert_eq!(
        jan(&late),
        vec![
            (
                "2022-01-01 – 2022-01-08".into(),
                "8".into(),
                "205.76".into()
            ), // 8 × 25.72
            (
                "2022-01-09 – 2022-01-31".into(),
                "23".into(),
                "624.91".into()
            ), // 23 × 27.17
        ]
    );
    assert_eq!(
        jan(&never),
        vec![(
            "2022-01-01 – 2022-01-31".into(),
            "31".into(),
            "797.32".into()
        )]
    );

    // GAW-6: a notice that names a date less than 30 days after it is a
    // valid notice: the change applies from the 30th day, and is warned of.
    let mut c = gaw_contract(&f, "E", "A01", "2021-06-01").unwrap();
    c.add_price_notice(
        PriceNotice {
            change: "IDX-2022".into(),
            notified_on: d("2021-12-10"),
            effective_on: Some(d("2022-01-01")),
            representative_notified_on: None,
        },
        &f,
    )
    .unwrap();
    let late = c.late_notices(&f);
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].applies_from, d("2022-01-09"));
    let old = c
        .schedule()
        .daily_on(f.tariff(), c.band(), d("2022-01-08"))
        .unwrap();
    let new = c
        .schedule()
        .daily_on(f.tariff(), c.band(), d("2022-01-09"))
        .unwrap();
    assert!(old.amount() < new.amount(), "{old:?} then {new:?}");
    // A contract admitted after the change starts at the new price.
    let newer = gaw_contract(&f, "Z", "A01", "2022-03-01").unwrap();
    assert_eq!(newer.deposit(), Some(eur("815.10"))); // 30 × 27.17
}

#[test]
fn saw_3_approved_increase_of_extras_needs_notice_too() {
    // SAW-3
    let f = botermarktpoort_2020().unwrap();
    let mut tariff = f.tariff().clone();
    tariff
        .approve(&ApprovedChange {
            id: "MEAL-2026".into(),
            effective_from: Some(d("2026-06-01")),
            reference: "BCSD 2026/12".into(),
            extras: [("hot_meal".to_string(), eur("8.10"))].into(),
            ..Default::default()
        })
        .unwrap();
    let f = Facility::new(f.info().clone(), f.flats().to_vec(), tariff).unwrap();
    let mut c = saw_contract(&f, "S", "1", "2025-01-01").unwrap();
    c.add_price_notice(
        PriceNotice {
            change: "MEAL-2026".into(),
            notified_on: d("2026-05-20"),
            effective_on: None,
            representative_notified_on: None,
        },
        &f,
    )
    .unwrap();
    for (id, on) in [("a", "2026-06-18"), ("b", "2026-06-19")] {
        c.add_extra(
            ExtraCharge {
                id: id.into(),
                code: "hot_meal".into(),
                on: d(on),
                quantity: dec!(1),
                unit_price: None,
                note: None,
            },
            &f,
        )
        .unwrap();
    }
    let june = bill(&f, &c, "2026-06");
    let prices: Vec<_> = june
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Extra)
        .map(|l| l.unit_price().to_plain_string())
        .collect();
    assert_eq!(prices, ["7.50", "8.10"]); // new price from 19 June, 30 days after 20 May
}

/// Antoniushof with an approved increase of the small flats' daily price
/// (€25.72 → €26.50) from 1 June 2026, decided on `decided_on`.
fn increase_from_june(decided_on: Option<NaiveDate>) -> Facility {
    let f = antoniushof_2020().unwrap();
    let mut tariff = f.tariff().clone();
    tariff
        .approve(&ApprovedChange {
            users_council_on: None,
            id: "INC-2026".into(),
            effective_from: Some(d("2026-06-01")),
            decided_on,
            reference: "Vast Bureau 2026-03-12".into(),
            daily: [("small".to_string(), eur("26.50"))].into(),
            extras: Default::default(),
        })
        .unwrap();
    Facility::new(f.info().clone(), f.flats().to_vec(), tariff).unwrap()
}

/// A GAW contract for flat A01 signed on `signed` with admission on
/// `admission`.
fn signed_contract(f: &Facility, signed: &str, admission: &str) -> Result<Contract, Error> {
    let mut data = sample_data("AH-26", "A01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d(signed),
        admission: d(admission),
        deposit_paid_on: None,
    };
    Contract::new(data, f)
}

#[test]
fn gaw_26_a_change_after_the_signing_needs_its_own_notice_even_before_the_admission() {
    // GAW-26, GAW-13: signed on 15 May, admitted on 10 June; the increase of
    // 1 June was decided after the signing and never notified to this
    // contract: the deposit is 30 × €25.72 = €771.60, not 30 × €26.50, and
    // June is billed at €25.72.
    let f = increase_from_june(Some(d("2026-05-20")));
    let c = signed_contract(&f, "2026-05-15", "2026-06-10").unwrap();
    assert_eq!(c.deposit(), Some(eur("771.60")));
    let june = bill(&f, &c, "2026-06");
    assert_eq!(
        lines_of(&june, LineKind::DailyPrice),
        vec![(
            "2026-06-10 – 2026-06-30".into(),
            "21".into(),
            "540.12".into()
        )]
    );
    // Notified on 25 May, it applies from 24 June (GAW-6); the deposit
    // keeps the admission day's price for this contract.
    let mut notified = c.clone();
    notified
        .add_price_notice(
            PriceNotice {
                change: "INC-2026".into(),
                notified_on: d("2026-05-25"),
                effective_on: None,
                representative_notified_on: None,
            },
            &f,
        )
        .unwrap();
    assert_eq!(notified.deposit(), Some(eur("771.60")));
    let june = bill(&f, &notified, "2026-06");
    let days: Vec<_> = lines_of(&june, LineKind::DailyPrice);
    assert_eq!(
        days,
        vec![
            (
                "2026-06-10 – 2026-06-23".into(),
                "14".into(),
                "360.08".into()
            ),
            (
                "2026-06-24 – 2026-06-30".into(),
                "7".into(),
                "185.50".into()
            )
        ]
    );
}

#[test]
fn gaw_26_a_change_decided_before_the_signing_is_part_of_the_signed_price() {
    // GAW-26 Decision: decided on 12 March, before the signing on 15 May:
    // it applies from 1 June without a notice; the deposit of an admission
    // on 10 June is 30 × €26.50 = €795.00. Without a decision date the
    // change counts as decided the day it takes effect.
    let f = increase_from_june(Some(d("2026-03-12")));
    let c = signed_contract(&f, "2026-05-15", "2026-06-10").unwrap();
    assert_eq!(c.deposit(), Some(eur("795.00")));
    let undated = increase_from_june(None);
    let c = signed_contract(&undated, "2026-05-15", "2026-06-10").unwrap();
    assert_eq!(c.deposit(), Some(eur("771.60")));
    // Signed after it took effect: in force on the signing day.
    let c = signed_contract(&undated, "2026-06-02", "2026-06-10").unwrap();
    assert_eq!(c.deposit(), Some(eur("795.00")));
}

#[test]
fn gaw_26_the_cancellation_fee_takes_the_contracts_price_on_the_cancellation_day() {
    // GAW-26, GAW-14: signed 15 May for an admission on 1 July, cancelled on
    // 12 June: the increase of 1 June was never notified to the candidate,
    // so the fee is 14 × €25.72 = €360.08.
    let f = increase_from_june(Some(d("2026-05-20")));
    let mut c = signed_contract(&f, "2026-05-15", "2026-07-01").unwrap();
    c.record(
        Event::PreAdmissionCancellation {
            notified_on: d("2026-06-12"),
            fee_days: 14,
        },
        &f,
    )
    .unwrap();
    let june = bill(&f, &c, "2026-06");
    assert_eq!(
        lines_of(&june, LineKind::CancellationFee),
        vec![("2026-06-12".into(), "14".into(), "360.08".into())]
    );
}

#[test]
fn gaw_26_a_signing_after_the_admission_or_a_deposit_paid_after_it_is_refused() {
    // GAW-26, GAW-13
    let f = antoniushof_2020().unwrap();
    let err = signed_contract(&f, "2026-06-11", "2026-06-10").unwrap_err();
    assert!(err.chain().contains("GAW-26"), "{}", err.chain());
    let mut data = sample_data("AH-26", "A01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2026-05-15"),
        admission: d("2026-06-10"),
        deposit_paid_on: Some(d("2026-06-10")),
    };
    let err = Contract::new(data, &f).unwrap_err();
    assert!(err.chain().contains("GAW-13"), "{}", err.chain());
}

#[test]
fn gaw_6_a_notice_that_reaches_the_representative_later_runs_from_that_day() {
    // GAW-6: the residents got the notice on 25 May, the representative on
    // 2 June: the 30 days run from 2 June, the price applies from 2 July.
    let f = increase_from_june(Some(d("2026-05-20")));
    let mut c = signed_contract(&f, "2026-01-05", "2026-01-10").unwrap();
    c.add_price_notice(
        PriceNotice {
            change: "INC-2026".into(),
            notified_on: d("2026-05-25"),
            effective_on: None,
            representative_notified_on: Some(d("2026-06-02")),
        },
        &f,
    )
    .unwrap();
    let price = |day: &str| {
        c.schedule()
            .daily_on(f.tariff(), "small", d(day))
            .unwrap()
            .amount()
    };
    assert_eq!(price("2026-07-01"), eur("25.72"));
    assert_eq!(price("2026-07-02"), eur("26.50"));
}

// ---------------------------------------------------------------- GAW-7, SAW-5

#[test]
fn gaw_7_saw_5_invoice_has_the_seven_items_and_payer_shares() {
    // GAW-7, SAW-5
    let f = antoniushof_2020().unwrap();
    let mut data = sample_data("AH-7", "B01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2026-06-10"),
        admission: d("2026-06-10"),
        deposit_paid_on: None,
    };
    data.residents = vec![resident("r1", "Jan Claes"), resident("r2", "Mia Claes")];
    data.payers = vec![
        Payer {
            id: "p1".parse().unwrap(),
            name: "Jan Claes".into(),
            address: None,
            share: "66.67".parse().unwrap(),
        },
        Payer {
            id: "p2".parse().unwrap(),
            name: "OCMW Gent".into(),
            address: None,
            share: "33.33".parse().unwrap(),
        },
    ];
    data.discounts = vec![Discount {
        id: "k1".into(),
        reason: "werken aan de lift".into(),
        period: DateRange::new(d("2026-06-20"), d("2026-06-24")).unwrap(),
        value: DiscountValue::Percent("10".parse().unwrap()),
    }];
    data.payments_on_account = vec![PaymentOnAccount {
        id: "v1".into(),
        on: d("2026-06-12"),
        amount: eur("100.00"),
        reference: "voorschot".into(),
        payer: Some("p1".parse().unwrap()),
    }];
    let c = Contract::new(data, &f).unwrap();
    let inv = bill(&f, &c, "2026-06");
    // 1° identity
    assert_eq!(inv.header().details.residents, ["Jan Claes", "Mia Claes"]);
    // 2° days with first and last date
    let stay = inv.header().details.stay.unwrap();
    assert_eq!(
        (stay.days, stay.first, stay.last),
        (21, d("2026-06-10"), d("2026-06-30"))
    );
    // 3° daily price
    assert_eq!(
        lines_of(&inv, LineKind::DailyPrice),
        vec![(
            "2026-06-10 – 2026-06-30".into(),
            "21".into(),
            "615.93".into()
        )]
    );
    // 5° discount with reason and period: 10 % of 5 × 29.33 = 146.65 is
    // 14.665 → 14.67, rounded once (SAW-17)
    let discount = &inv
        .lines()
        .iter()
        .find(|l| l.kind() == LineKind::Discount)
        .unwrap();
    assert_eq!(
        (
            discount.quantity(),
            discount.unit_price(),
            discount.amount()
        ),
        (dec!(0.1), eur("-146.65"), eur("-14.67"))
    );
    assert_eq!(
        discount.period(),
        Some(DateRange::new(d("2026-06-20"), d("2026-06-24")).unwrap())
    );
    assert!(
        discount.description().contains("werken aan de lift")
            && discount.description().contains("10%")
    );
    // 6° already paid
    assert_eq!(
        lines_of(&inv, LineKind::AlreadyPaid),
        vec![("2026-06-12".into(), "1".into(), "-100.00".into())]
    );
    // 7° net total, VAT mention
    assert_eq!(inv.total(), eur("501.26"));
    assert_eq!(inv.vat_mention(), VAT_EXEMPTION);
    // Shares: the €100 paid on account is p1's alone (GAW-9a); the shared
    // €601.26 gives p2 33.33 % = 200.3999… → 200.40, p1 the rest less its
    // payment: 601.26 − 200.40 − 100 = 300.86.
    let shares: Vec<_> = inv
        .shares()
        .iter()
        .map(|s| s.amount.to_plain_string())
        .collect();
    assert_eq!(shares, ["300.86", "200.40"]);
}

#[test]
fn gaw_7_payer_shares_must_sum_to_100() {
    // GAW-7
    let f = antoniushof_2020().unwrap();
    let mut data = sample_data("AH-8", "A01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2026-06-10"),
        admission: d("2026-06-10"),
        deposit_paid_on: None,
    };
    data.payers[0].share = "90".parse().unwrap();
    let err = Contract::new(data, &f).unwrap_err();
    assert_eq!(
        err,
        Error::PayerShares {
            contract: "AH-8".into(),
            total: "90".into()
        }
    );
}

#[test]
fn gaw_7_numbers_are_gapless_per_issuer_and_year() {
    // GAW-7
    let f = antoniushof_2020().unwrap();
    let contracts: Vec<_> = (1..=3)
        .map(|i| gaw_contract(&f, &format!("AH-{i}"), "A01", "2026-01-01").unwrap())
        .collect();
    let run = month_end(&f, &contracts, &[], &MonthEndOptions::new(m("2026-06")));
    let mut seq = InvoiceSequence::new("AH", 2026, 7);
    // A wrong year numbers nothing.
    assert!(seq
        .issue(run.invoices.clone(), &IssueOptions::new(d("2027-01-02")))
        .is_err());
    assert_eq!(seq.last(), 7);
    let issued = seq
        .issue(run.invoices, &IssueOptions::new(d("2026-06-30")))
        .unwrap();
    // GAW-8, SAW-6: payable within 30 calendar days after receipt.
    assert!(issued.iter().all(|i| i.due_on() == d("2026-07-30")));
    let posted = IssueOptions {
        receipt_days: 2,
        ..IssueOptions::new(d("2026-06-30"))
    };
    assert_eq!(posted.due_on(), Ok(d("2026-08-01")));
    // An absurd term is an error naming the invoice date, never a panic.
    let absurd = IssueOptions {
        payment_days: u32::MAX,
        ..posted
    };
    let err = InvoiceSequence::new("AH", 2026, 7)
        .issue(Vec::<InvoiceDraft>::new(), &absurd)
        .unwrap_err();
    assert!(err.to_string().contains("issued on 2026-06-30"), "{err}");
    let numbers: Vec<_> = issued.iter().map(|i| i.number()).collect();
    assert_eq!(numbers, ["AH-2026-00008", "AH-2026-00009", "AH-2026-00010"]);
    assert_eq!(
        InvoiceSequence::continue_after("AH", 2026, &issued)
            .unwrap()
            .last(),
        10
    );
}

// ---------------------------------------------------------------- GAW-10, SAW-7

#[test]
fn gaw_10_saw_7_absence_is_still_billed() {
    // GAW-10, SAW-7
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "A", "A01", "2026-01-01").unwrap();
    let hospital = DateRange::new(d("2026-06-03"), d("2026-06-20")).unwrap();
    record(
        &mut c,
        &f,
        vec![Event::Absence {
            period: hospital,
            reason: "ziekenhuis".into(),
        }],
    );
    assert_eq!(c.lifecycle().absences(), &[hospital]);
    assert_eq!(bill(&f, &c, "2026-06").total(), eur("771.60"));
    let s = botermarktpoort_2020().unwrap();
    let mut c = saw_contract(&s, "B", "1", "2026-01-01").unwrap();
    record(
        &mut c,
        &s,
        vec![Event::Absence {
            period: hospital,
            reason: "vakantie".into(),
        }],
    );
    assert_eq!(bill(&s, &c, "2026-06").total(), eur("118.80")); // 30 × 3.96
}

// ---------------------------------------------------------------- GAW-11

#[test]
fn gaw_11_end_of_stay_costs_go_on_the_last_invoice() {
    // GAW-11
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "E", "A01", "2026-01-01").unwrap();
    let paint = ExtraCharge {
        id: "paint".into(),
        code: "repainting".into(),
        on: d("2026-06-20"),
        quantity: dec!(1),
        unit_price: Some(eur("640.00")),
        note: None,
    };
    // Not while the stay has no end.
    let err = c.add_extra(paint.clone(), &f).unwrap_err();
    assert!(err.chain().contains("GAW-11"), "{}", err.chain());
    c.record(
        Event::ResidentNotice {
            resident: None,
            second_receipt_on: None,
            notified_on: d("2026-05-20"),
        },
        &f,
    )
    .unwrap();
    // Not before the last day of the stay (19 June).
    let early = ExtraCharge {
        on: d("2026-06-10"),
        ..paint.clone()
    };
    assert!(matches!(
        c.add_extra(early, &f).unwrap_err(),
        Error::ExtraOutsideStay { .. }
    ));
    c.add_extra(paint, &f).unwrap();
    let june = bill(&f, &c, "2026-06");
    assert_eq!(
        lines_of(&june, LineKind::DailyPrice),
        vec![(
            "2026-06-01 – 2026-06-19".into(),
            "19".into(),
            "488.68".into()
        )]
    );
    assert_eq!(
        lines_of(&june, LineKind::Extra),
        vec![("2026-06-20".into(), "1".into(), "640.00".into())]
    );
    // Also after a death, once the keys are back.
    let mut dead = gaw_contract(&f, "E2", "A01", "2026-01-01").unwrap();
    dead.record(
        Event::Death {
            resident: "r1".into(),
            on: d("2026-06-10"),
        },
        &f,
    )
    .unwrap();
    dead.record(
        Event::KeysReturned {
            on: d("2026-06-12"),
        },
        &f,
    )
    .unwrap();
    let paint = ExtraCharge {
        id: "paint".into(),
        code: "repainting".into(),
        on: d("2026-06-20"),
        quantity: dec!(1),
        unit_price: Some(eur("640.00")),
        note: None,
    };
    dead.add_extra(paint, &f).unwrap();
    assert_eq!(bill(&f, &dead, "2026-06").total(), eur("948.64")); // 12 × 25.72 + 640
}

// ---------------------------------------------------------------- GAW-12

#[test]
fn gaw_12_reoccupied_within_notice_period_stops_the_day_before() {
    // GAW-12
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "R", "A01", "2026-01-01").unwrap();
    record(
        &mut c,
        &f,
        vec![
            Event::ResidentNotice {
                resident: None,
                second_receipt_on: None,
                notified_on: d("2026-06-10"),
            },
            Event::Reoccupied {
                on: d("2026-06-25"),
            },
        ],
    );
    assert_eq!(c.lifecycle().last_billable_day(), Some(d("2026-06-24")));
    assert_eq!(
        bill(&f, &c, "2026-06").header().details.stay.unwrap().days,
        24
    );
    // Outside a notice period re-occupation is refused.
    let mut c = gaw_contract(&f, "R2", "A01", "2026-01-01").unwrap();
    let err = c
        .record(
            Event::Reoccupied {
                on: d("2026-06-25"),
            },
            &f,
        )
        .unwrap_err();
    assert!(err.chain().contains("notice period"), "{}", err.chain());
}

// ---------------------------------------------------------------- GAW-13

#[test]
fn gaw_13_deposit_is_30_daily_prices_at_admission() {
    // GAW-13
    let f = antoniushof_2020().unwrap();
    // Worked example: small flat at the 2020 tariff.
    assert_eq!(
        gaw_contract(&f, "D", "A01", "2021-01-01")
            .unwrap()
            .deposit(),
        Some(eur("771.60"))
    );
    assert_eq!(
        gaw_contract(&f, "D", "B01", "2021-01-01")
            .unwrap()
            .deposit(),
        Some(eur("879.90"))
    );
    let s = botermarktpoort_2020().unwrap();
    assert_eq!(
        saw_contract(&s, "S", "1", "2021-01-01").unwrap().deposit(),
        None
    );
}

// ---------------------------------------------------------------- GAW-14

#[test]
fn gaw_14_cancellation_before_admission() {
    // GAW-14
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "C", "B01", "2026-07-01").unwrap();
    record(
        &mut c,
        &f,
        vec![Event::PreAdmissionCancellation {
            notified_on: d("2026-06-15"),
            fee_days: 14,
        }],
    );
    let june = bill(&f, &c, "2026-06");
    assert_eq!(
        lines_of(&june, LineKind::CancellationFee),
        vec![("2026-06-15".into(), "14".into(), "410.62".into())]
    );
    assert_eq!(june.total(), eur("410.62"));
    assert!(june.header().details.stay.is_none());
    assert!(
        invoice_contract(&f, &c, &[], &MonthEndOptions::new(m("2026-07")))
            .unwrap()
            .is_empty()
    );
    // No extras on top.
    let err = c
        .add_extra(
            ExtraCharge {
                id: "x".into(),
                code: "hot_meal".into(),
                on: d("2026-06-20"),
                quantity: dec!(1),
                unit_price: None,
                note: None,
            },
            &f,
        )
        .unwrap_err();
    assert!(err.chain().contains("GAW-14"), "{}", err.chain());
    // At most 14 daily prices.
    let mut c = gaw_contract(&f, "C2", "B01", "2026-07-01").unwrap();
    let err = c
        .record(
            Event::PreAdmissionCancellation {
                notified_on: d("2026-06-15"),
                fee_days: 15,
            },
            &f,
        )
        .unwrap_err();
    assert!(err.chain().contains("GAW-14"), "{}", err.chain());
    // A candidate who dies owes nothing.
    record(
        &mut c,
        &f,
        vec![Event::CandidateDied {
            on: d("2026-06-20"),
        }],
    );
    assert!(
        invoice_contract(&f, &c, &[], &MonthEndOptions::new(m("2026-06")))
            .unwrap()
            .is_empty()
    );
    // A notice before admission is not a notice.
    let mut c = gaw_contract(&f, "C3", "B01", "2026-07-01").unwrap();
    let err = c
        .record(
            Event::ResidentNotice {
                resident: None,
                second_receipt_on: None,
                notified_on: d("2026-06-15"),
            },
            &f,
        )
        .unwrap_err();
    assert!(
        err.chain().contains("before the stay starts on 2026-07-01"),
        "{err}"
    );
}

// ---------------------------------------------------------------- GAW-15

#[test]
fn gaw_15_death_bills_the_clearance_window_until_the_keys() {
    // GAW-15
    // Worked example: large flat, dies 10 June, keys handed back 13 June.
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-15", "B01", "2025-01-01").unwrap();
    c.add_extra(
        ExtraCharge {
            id: "m1".into(),
            code: "hot_meal".into(),
            on: d("2026-06-10"),
            quantity: dec!(1),
            unit_price: None,
            note: None,
        },
        &f,
    )
    .unwrap();
    record(
        &mut c,
        &f,
        vec![
            Event::Death {
                resident: "r1".into(),
                on: d("2026-06-10"),
            },
            Event::KeysReturned {
                on: d("2026-06-13"),
            },
        ],
    );
    let june = bill(&f, &c, "2026-06");
    assert_eq!(
        lines_of(&june, LineKind::DailyPrice),
        vec![(
            "2026-06-01 – 2026-06-13".into(),
            "13".into(),
            "381.29".into()
        )]
    );
    // No extra charge dated after 10 June.
    let err = c
        .add_extra(
            ExtraCharge {
                id: "m2".into(),
                code: "hot_meal".into(),
                on: d("2026-06-11"),
                quantity: dec!(1),
                unit_price: None,
                note: None,
            },
            &f,
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::ExtraOutsideStay { .. }),
        "{}",
        err.chain()
    );
    assert!(june
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Extra)
        .all(|l| l.date() <= Some(d("2026-06-10"))));
    assert!(matches!(
        c.lifecycle().end_reason(),
        Some(EndReason::Death { .. })
    ));
}

#[test]
fn gaw_15_window_is_at_most_5_days_or_the_agreed_extension() {
    // GAW-15
    let f = antoniushof_2020().unwrap();
    let base = || gaw_contract(&f, "W", "A01", "2025-01-01").unwrap();
    let death = Event::Death {
        resident: "r1".into(),
        on: d("2026-06-10"),
    };
    let table: Vec<(Vec<Event>, &str)> = vec![
        (vec![death.clone()], "2026-06-15"),
        (
            vec![
                death.clone(),
                Event::KeysReturned {
                    on: d("2026-06-20"),
                },
            ],
            "2026-06-15",
        ),
        (
            vec![
                death.clone(),
                Event::KeysReturned {
                    on: d("2026-06-10"),
                },
            ],
            "2026-06-10",
        ),
        (
            vec![
                death.clone(),
                Event::ClearanceExtended {
                    until: d("2026-06-22"),
                },
            ],
            "2026-06-22",
        ),
        (
            vec![
                death.clone(),
                Event::ClearanceExtended {
                    until: d("2026-06-22"),
                },
                Event::KeysReturned {
                    on: d("2026-06-18"),
                },
            ],
            "2026-06-18",
        ),
        (
            vec![
                death.clone(),
                Event::Reoccupied {
                    on: d("2026-06-13"),
                },
            ],
            "2026-06-12",
        ),
    ];
    for (events, last) in table {
        let mut c = base();
        record(&mut c, &f, events.clone());
        assert_eq!(
            c.lifecycle().last_billable_day(),
            Some(d(last)),
            "{events:?}"
        );
    }
    // Keys without a death are refused.
    let mut c = base();
    assert!(c
        .record(
            Event::KeysReturned {
                on: d("2026-06-13")
            },
            &f
        )
        .is_err());
}

// ---------------------------------------------------------------- GAW-16

#[test]
fn gaw_16_health_termination_extends_the_notice_until_placement() {
    // GAW-16
    let f = antoniushof_2020().unwrap();
    let mut open = gaw_contract(&f, "H1", "A01", "2025-01-01").unwrap();
    record(
        &mut open,
        &f,
        vec![Event::HealthTermination {
            notified_on: d("2026-03-01"),
            placement_on: None,
        }],
    );
    assert_eq!(
        open.lifecycle().last_billable_day(),
        None,
        "open until the placement is known"
    );
    let mut late = gaw_contract(&f, "H2", "A01", "2025-01-01").unwrap();
    record(
        &mut late,
        &f,
        vec![Event::HealthTermination {
            notified_on: d("2026-03-01"),
            placement_on: Some(d("2026-06-15")),
        }],
    );
    assert_eq!(late.lifecycle().last_billable_day(), Some(d("2026-06-14")));
    let mut early = gaw_contract(&f, "H3", "A01", "2025-01-01").unwrap();
    record(
        &mut early,
        &f,
        vec![Event::HealthTermination {
            notified_on: d("2026-03-01"),
            placement_on: Some(d("2026-03-20")),
        }],
    );
    assert_eq!(
        early.lifecycle().last_billable_day(),
        Some(d("2026-04-30")),
        "60 days' notice at least"
    );
}

#[test]
fn gaw_25_the_health_term_is_60_days_extended_to_the_placement_or_cut_by_a_new_occupant() {
    // GAW-25 Decision: notified 15 April, the base term runs 16 April –
    // 14 June; a placement on 1 August extends it to 31 July; a new
    // occupant from 1 July stops the daily price on 30 June.
    let f = antoniushof_2020().unwrap();
    let health = |placement: Option<&str>| Event::HealthTermination {
        notified_on: d("2026-04-15"),
        placement_on: placement.map(d),
    };
    let table: Vec<(Vec<Event>, &str)> = vec![
        (vec![health(Some("2026-05-01"))], "2026-06-14"),
        (vec![health(Some("2026-08-01"))], "2026-07-31"),
        (
            vec![
                health(Some("2026-08-01")),
                Event::Reoccupied {
                    on: d("2026-07-01"),
                },
            ],
            "2026-06-30",
        ),
    ];
    for (events, last) in table {
        let mut c = gaw_contract(&f, "H25", "A01", "2025-01-01").unwrap();
        record(&mut c, &f, events.clone());
        assert_eq!(
            c.lifecycle().last_billable_day(),
            Some(d(last)),
            "{events:?}"
        );
    }
}

// ---------------------------------------------------------------- GAW-17

#[test]
fn gaw_17_resident_notice_worked_examples() {
    // GAW-17
    let f = antoniushof_2020().unwrap();
    let table = [
        // admission, notified, term start, term end, trial
        ("2026-03-01", "2026-03-15", "2026-03-16", "2026-03-22", true), // RULES.md worked example
        (
            "2026-01-01",
            "2026-03-10",
            "2026-03-11",
            "2026-04-09",
            false,
        ), // RULES.md worked example
        ("2026-03-01", "2026-03-30", "2026-03-31", "2026-04-06", true), // day 30: still trial (Decision)
        (
            "2026-03-01",
            "2026-03-31",
            "2026-04-01",
            "2026-04-30",
            false,
        ), // day 31
    ];
    for (admission, notified, start, end, trial) in table {
        let mut c = gaw_contract(&f, "N", "A01", admission).unwrap();
        record(
            &mut c,
            &f,
            vec![Event::ResidentNotice {
                resident: None,
                second_receipt_on: None,
                notified_on: d(notified),
            }],
        );
        let expected = EndReason::ResidentNotice {
            term: DateRange::new(d(start), d(end)).unwrap(),
            trial,
        };
        assert_eq!(
            c.lifecycle().end_reason(),
            Some(&expected),
            "{admission} {notified}"
        );
        assert_eq!(c.lifecycle().last_billable_day(), Some(d(end)));
    }
    // Admitted 1 March, notice 15 March: March bills 1–22 March.
    let mut c = gaw_contract(&f, "N", "A01", "2026-03-01").unwrap();
    record(
        &mut c,
        &f,
        vec![Event::ResidentNotice {
            resident: None,
            second_receipt_on: None,
            notified_on: d("2026-03-15"),
        }],
    );
    assert_eq!(
        bill(&f, &c, "2026-03").header().details.stay.unwrap().days,
        22
    );
    assert!(
        invoice_contract(&f, &c, &[], &MonthEndOptions::new(m("2026-04")))
            .unwrap()
            .is_empty()
    );
    // An event after the end is refused.
    let err = c
        .record(
            Event::Death {
                resident: "r1".into(),
                on: d("2026-04-02"),
            },
            &f,
        )
        .unwrap_err();
    assert!(
        err.chain().contains("ended on 2026-03-22"),
        "{}",
        err.chain()
    );
}

// ---------------------------------------------------------------- GAW-18

#[test]
fn gaw_18_operator_notice_needs_formal_notice_for_the_ground_and_hearing() {
    // GAW-18
    let f = antoniushof_2020().unwrap();
    let notice = Event::OperatorNotice {
        notified_on: d("2026-04-01"),
        ground: TerminationGround::Theft,
    };
    let mut c = gaw_contract(&f, "O", "A01", "2025-01-01").unwrap();
    let err = c.record(notice.clone(), &f).unwrap_err();
    assert!(err.chain().contains("no formal notice for theft"), "{err}");
    record(
        &mut c,
        &f,
        vec![Event::FormalNotice {
            on: d("2026-02-01"),
            ground: TerminationGround::HouseRules,
        }],
    );
    let err = c.record(notice.clone(), &f).unwrap_err();
    assert!(
        err.chain().contains("formal notice for theft"),
        "wrong ground: {err}"
    );
    record(
        &mut c,
        &f,
        vec![Event::FormalNotice {
            on: d("2026-02-10"),
            ground: TerminationGround::Theft,
        }],
    );
    let err = c.record(notice.clone(), &f).unwrap_err();
    assert!(err.chain().contains("hearing"), "{}", err.chain());
    record(
        &mut c,
        &f,
        vec![
            Event::HearingInvitation {
                on: d("2026-03-01"),
            },
            notice,
        ],
    );
    // 60 days from 2 April: through 31 May.
    assert_eq!(c.lifecycle().last_billable_day(), Some(d("2026-05-31")));
    // In the trial period: 7 days.
    let mut t = gaw_contract(&f, "O2", "A01", "2026-03-01").unwrap();
    record(
        &mut t,
        &f,
        vec![
            Event::FormalNotice {
                on: d("2026-03-05"),
                ground: TerminationGround::Safety,
            },
            Event::HearingInvitation {
                on: d("2026-03-06"),
            },
            Event::OperatorNotice {
                notified_on: d("2026-03-10"),
                ground: TerminationGround::Safety,
            },
        ],
    );
    assert_eq!(t.lifecycle().last_billable_day(), Some(d("2026-03-17")));
}

// ---------------------------------------------------------------- GAW-19, GAW-20

#[test]
fn gaw_19_20_contract_continues_with_the_survivor_at_the_same_price() {
    // GAW-19, GAW-20
    let f = antoniushof_2020().unwrap();
    let mut data = sample_data("AH-19", "B01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2025-01-01"),
        admission: d("2025-01-01"),
        deposit_paid_on: None,
    };
    data.residents.push(resident("r2", "Partner"));
    let mut c = Contract::new(data.clone(), &f).unwrap();
    record(
        &mut c,
        &f,
        vec![Event::Death {
            resident: "r1".into(),
            on: d("2026-06-10"),
        }],
    );
    assert_eq!(c.lifecycle().last_billable_day(), None);
    assert_eq!(bill(&f, &c, "2026-06").total(), eur("879.90"));
    // The partner moving to a care home leaves the survivor in place.
    let mut c = Contract::new(data.clone(), &f).unwrap();
    record(
        &mut c,
        &f,
        vec![Event::ResidentLeft {
            resident: "r2".into(),
            on: d("2026-06-10"),
        }],
    );
    assert_eq!(bill(&f, &c, "2026-06").total(), eur("879.90"));
    let err = c
        .record(
            Event::Death {
                resident: "r9".into(),
                on: d("2026-06-19"),
            },
            &f,
        )
        .unwrap_err();
    assert!(
        err.chain().contains("r9 is not a resident"),
        "{}",
        err.chain()
    );
    let err = c
        .record(
            Event::Death {
                resident: "r2".into(),
                on: d("2026-06-19"),
            },
            &f,
        )
        .unwrap_err();
    assert!(
        err.chain().contains("r2 is no longer living in the flat"),
        "{err}"
    );
    // The contract ends only when no resident remains.
    record(
        &mut c,
        &f,
        vec![Event::Death {
            resident: "r1".into(),
            on: d("2026-06-20"),
        }],
    );
    assert_eq!(c.lifecycle().last_billable_day(), Some(d("2026-06-25")));
    // Three residents is one too many; an unknown one is refused.
    data.residents.push(resident("r3", "Third"));
    assert!(Contract::new(data, &f)
        .unwrap_err()
        .to_string()
        .contains("GAW-20"));
}

/// A GAW couple in flat B01 since 1 January 2025.
fn couple() -> (Facility, ContractData) {
    let f = antoniushof_2020().unwrap();
    let mut data = sample_data("AH-19", "B01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2024-12-10"),
        admission: d("2025-01-01"),
        deposit_paid_on: None,
    };
    data.residents = vec![resident("r1", "Jan Claes"), resident("r2", "Mia Claes")];
    (f, data)
}

fn notice(on: &str, resident: Option<&str>) -> Event {
    Event::ResidentNotice {
        notified_on: d(on),
        second_receipt_on: None,
        resident: resident.map(Into::into),
    }
}

#[test]
fn gaw_19_20_a_notice_by_one_of_two_residents_ends_only_their_stay() {
    // GAW-19, GAW-20: Mia gives notice on 1 May; her stay ends on 31 May
    // (30 days); Jan stays on the same terms: June is billed in full at the
    // same price, to Jan alone.
    let (f, data) = couple();
    let mut c = Contract::new(data, &f).unwrap();
    record(&mut c, &f, vec![notice("2026-05-01", Some("r2"))]);
    let life = c.lifecycle();
    assert_eq!(life.last_billable_day(), None, "the contract runs on");
    assert!(life.lives_on("r2", d("2026-05-31")) && !life.lives_on("r2", d("2026-06-01")));
    let may = bill(&f, &c, "2026-05");
    assert_eq!(may.header().details.residents, ["Jan Claes", "Mia Claes"]);
    let june = bill(&f, &c, "2026-06");
    assert_eq!(june.header().details.residents, ["Jan Claes"]);
    assert_eq!(june.total(), eur("879.90")); // 30 × 29.33, unchanged
                                             // Jan's own notice later is the contract's.
    record(&mut c, &f, vec![notice("2026-07-01", Some("r1"))]);
    assert_eq!(c.lifecycle().last_billable_day(), Some(d("2026-07-31")));
    // Mia cannot give notice again, and a stranger cannot at all.
    for who in ["r2", "r9"] {
        let err = c.record(notice("2026-07-02", Some(who)), &f).unwrap_err();
        assert!(err.chain().contains(who), "{}", err.chain());
    }
}

#[test]
fn gaw_20_one_residents_notice_with_the_other_gone_by_its_end_ends_the_contract() {
    // GAW-20: Mia gives notice on 1 May; Jan dies on 20 May. By the end of
    // her term (31 May) she is the last: the contract ends with her notice.
    let (f, data) = couple();
    let mut c = Contract::new(data, &f).unwrap();
    record(
        &mut c,
        &f,
        vec![
            notice("2026-05-01", Some("r2")),
            Event::Death {
                resident: "r1".into(),
                on: d("2026-05-20"),
            },
        ],
    );
    assert_eq!(c.lifecycle().last_billable_day(), Some(d("2026-05-31")));
}

#[test]
fn gaw_17_the_term_starts_after_the_notice_reached_both_addressees() {
    // GAW-17: the notice reached the housing assistant on 10 March and the
    // administration on 14 March: the 30 days run 15 March – 13 April.
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-17", "A01", "2026-01-01").unwrap();
    c.record(
        Event::ResidentNotice {
            notified_on: d("2026-03-10"),
            second_receipt_on: Some(d("2026-03-14")),
            resident: None,
        },
        &f,
    )
    .unwrap();
    assert_eq!(c.lifecycle().last_billable_day(), Some(d("2026-04-13")));
    // A second receipt before the first is nonsense.
    let mut other = gaw_contract(&f, "AH-17b", "A01", "2026-01-01").unwrap();
    let err = other
        .record(
            Event::ResidentNotice {
                notified_on: d("2026-03-10"),
                second_receipt_on: Some(d("2026-03-09")),
                resident: None,
            },
            &f,
        )
        .unwrap_err();
    assert!(err.chain().contains("before the first"), "{}", err.chain());
}

#[test]
fn gaw_20_a_second_resident_joins_a_running_contract() {
    // GAW-20: Jan lives alone from 1 January 2025; Mia joins on 15 March
    // 2026: February's invoice names Jan, March's both; the daily price is
    // the flat's (GAW-7), unchanged.
    let (f, mut data) = couple();
    data.events.push(Event::ResidentJoined {
        resident: "r2".into(),
        on: d("2026-03-15"),
    });
    let c = Contract::new(data.clone(), &f).unwrap();
    let life = c.lifecycle();
    assert!(!life.lives_on("r2", d("2026-03-14")) && life.lives_on("r2", d("2026-03-15")));
    assert_eq!(
        bill(&f, &c, "2026-02").header().details.residents,
        ["Jan Claes"]
    );
    let march = bill(&f, &c, "2026-03");
    assert_eq!(march.header().details.residents, ["Jan Claes", "Mia Claes"]);
    assert_eq!(march.total(), eur("909.23")); // 31 × 29.33
                                              // Nonsense is refused: joining on the first day, twice, an unlisted
                                              // resident, a contract that is ending or has ended.
    let join = |who: &str, on: &str| Event::ResidentJoined {
        resident: who.into(),
        on: d(on),
    };
    let mut joined = c.clone();
    for (event, why) in [
        (join("r2", "2026-04-01"), "already joined"),
        (join("r9", "2026-04-01"), "not listed"),
    ] {
        let err = joined.record(event, &f).unwrap_err();
        assert!(err.chain().contains(why), "{}", err.chain());
    }
    let (f, mut alone) = couple();
    alone.events.push(join("r2", "2025-01-01"));
    assert!(Contract::new(alone, &f)
        .unwrap_err()
        .chain()
        .contains("does not join"));
    let (f, mut ended) = couple();
    ended.events.push(notice("2026-05-01", None));
    ended.events.push(join("r2", "2026-05-10"));
    assert!(Contract::new(ended.clone(), &f)
        .unwrap_err()
        .chain()
        .contains("cannot join"));
    ended.events.pop();
    ended.events.push(join("r2", "2026-06-10"));
    assert!(Contract::new(ended, &f)
        .unwrap_err()
        .chain()
        .contains("ended"));
}

#[test]
fn saw_15_the_one_who_stays_keeps_the_same_care_cost() {
    // SAW-15: in a SAW flat for two, one resident gives notice of her part
    // on 1 May and leaves on 31 May; the other stays at the same €3.96 a
    // day. A SAW notice of the whole agreement goes through the lease.
    let f = botermarktpoort_2020().unwrap();
    let mut data = sample_data("S15", "1").unwrap();
    data.agreement = Agreement::Saw {
        signed_on: d("2025-01-01"),
        lease_signed: d("2025-01-01"),
        start: d("2025-01-01"),
        lease_reference: "L".into(),
    };
    data.residents = vec![resident("r1", "Jan Claes"), resident("r2", "Mia Claes")];
    let mut c = Contract::new(data, &f).unwrap();
    record(&mut c, &f, vec![notice("2026-05-01", Some("r2"))]);
    let june = bill(&f, &c, "2026-06");
    assert_eq!(june.header().details.residents, ["Jan Claes"]);
    assert_eq!(june.total(), eur("118.80")); // 30 × 3.96
    assert!(c
        .record(notice("2026-06-01", Some("r1")), &f)
        .unwrap_err()
        .chain()
        .contains("SAW-12"));
}

// ---------------------------------------------------------------- SAW

#[test]
fn saw_1_care_cost_and_nothing_before_the_lease() {
    // SAW-1
    let f = botermarktpoort_2020().unwrap();
    let c = saw_contract(&f, "S1", "1", "2026-06-16").unwrap();
    let june = bill(&f, &c, "2026-06");
    assert_eq!(
        lines_of(&june, LineKind::DailyPrice),
        vec![(
            "2026-06-16 – 2026-06-30".into(),
            "15".into(),
            "59.40".into()
        )]
    );
    assert_eq!(june.lines()[0].description(), "Zorg- en ondersteuningskost");
    let mut data = c.data().clone();
    data.agreement = Agreement::Saw {
        signed_on: d("2026-06-20"),
        lease_signed: d("2026-06-20"),
        start: d("2026-06-16"),
        lease_reference: "L".into(),
    };
    let err = Contract::new(data, &f).unwrap_err();
    assert!(err.chain().contains("SAW-1"), "{}", err.chain());
}

/// A 10 % discount on the care cost from 1 January to 10 February 2020.
fn saw_with_ten_percent_off(period_end: &str) -> (Facility, Contract) {
    let f = botermarktpoort_2020().unwrap();
    let mut c = saw_contract(&f, "S17", "1", "2020-01-01").unwrap();
    c.add_discount(
        Discount {
            id: "k1".into(),
            reason: "werken aan de lift".into(),
            period: DateRange::new(d("2020-01-01"), d(period_end)).unwrap(),
            value: DiscountValue::Percent("10".parse().unwrap()),
        },
        &f,
    )
    .unwrap();
    (f, c)
}

#[test]
fn saw_17_a_percentage_discount_is_that_percentage_of_the_line_rounded_once() {
    // SAW-17, SAW-5 5°, Money conventions: 10 % of 31 × €3.96 = €122.76 is
    // €12.28; rounding each day's €0.396 first would give €12.40.
    let (f, c) = saw_with_ten_percent_off("2020-02-10");
    let january = bill(&f, &c, "2020-01");
    let care = &lines_of(&january, LineKind::DailyPrice)[0];
    assert_eq!(care.2, "122.76");
    let discount = january
        .lines()
        .iter()
        .find(|l| l.kind() == LineKind::Discount)
        .unwrap();
    assert_eq!(discount.amount(), eur("-12.28"));
    assert_eq!(discount.percent(), Some("10".parse().unwrap()));
    assert_eq!(discount.unit_price(), eur("-122.76"));
    assert_eq!(january.total(), eur("110.48"));
}

#[test]
fn saw_17_each_month_takes_the_percentage_of_its_own_days_and_corrects_once() {
    // SAW-17: the February invoice takes 10 % of its 10 days (€39.60 →
    // €3.96); a discount later cut back to 20 January corrects the January
    // invoice by the difference of the two roundings-once (€12.28 − €7.92).
    let (f, c) = saw_with_ten_percent_off("2020-02-10");
    let mut seq = InvoiceSequence::new("BMP", 2020, 1);
    let january = seq
        .issue(
            vec![bill(&f, &c, "2020-01")],
            &IssueOptions::new(d("2020-01-31")),
        )
        .unwrap();
    let feb = m("2020-02");
    let run = month_end(
        &f,
        std::slice::from_ref(&c),
        &january,
        &MonthEndOptions::new(feb),
    );
    let discount: Vec<_> = run.invoices[0]
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Discount)
        .map(|l| (l.period().unwrap().to_string(), l.amount()))
        .collect();
    assert_eq!(
        discount,
        vec![("2020-02-01 – 2020-02-10".to_string(), eur("-3.96"))]
    );
    assert!(run.invoices[0]
        .lines()
        .iter()
        .all(|l| l.kind() != LineKind::Correction));

    let (f, shorter) = saw_with_ten_percent_off("2020-01-20");
    let run = month_end(
        &f,
        std::slice::from_ref(&shorter),
        &january,
        &MonthEndOptions::new(feb),
    );
    let corrections: Vec<_> = run.invoices[0]
        .lines()
        .iter()
        .filter(|l| l.kind() == LineKind::Correction)
        .map(|l| (l.corrects().unwrap().to_string(), l.amount()))
        .collect();
    assert_eq!(
        corrections,
        vec![(january[0].number().to_string(), eur("4.36"))]
    );
}

#[test]
fn saw_2_4_extras_outside_the_care_cost_are_lines_of_their_own() {
    // SAW-2, SAW-4
    let f = botermarktpoort_2020().unwrap();
    let mut c = saw_contract(&f, "S2", "1", "2026-01-01").unwrap();
    c.add_extra(
        ExtraCharge {
            id: "m".into(),
            code: "hot_meal".into(),
            on: d("2026-06-02"),
            quantity: dec!(3),
            unit_price: None,
            note: None,
        },
        &f,
    )
    .unwrap();
    let june = bill(&f, &c, "2026-06");
    // SAW-2: the care cost covers permanence, call system, crisis care: one daily line.
    assert_eq!(lines_of(&june, LineKind::DailyPrice).len(), 1);
    // SAW-4: a hot meal is extra.
    assert_eq!(
        lines_of(&june, LineKind::Extra),
        vec![("2026-06-02".into(), "3".into(), "22.50".into())]
    );
}

#[test]
fn saw_9_10_12_lease_end_bills_through_the_day_the_resident_left() {
    // SAW-9, SAW-10, SAW-12
    let f = botermarktpoort_2020().unwrap();
    let mut c = saw_contract(&f, "S9", "1", "2026-01-01").unwrap();
    // SAW-12: the resident cannot give notice apart from the lease.
    let err = c
        .record(
            Event::ResidentNotice {
                resident: None,
                second_receipt_on: None,
                notified_on: d("2026-05-01"),
            },
            &f,
        )
        .unwrap_err();
    assert!(err.chain().contains("SAW-12"), "{}", err.chain());
    record(
        &mut c,
        &f,
        vec![Event::LeaseEnded {
            lease_end: d("2026-06-30"),
            left_on: Some(d("2026-06-12")),
        }],
    );
    assert_eq!(c.lifecycle().last_billable_day(), Some(d("2026-06-12")));
    assert_eq!(bill(&f, &c, "2026-06").total(), eur("47.52")); // 12 × 3.96
                                                               // SAW-10: with two occupants, one leaving does not end it.
    let mut data = c.data().clone();
    data.events.clear();
    data.residents.push(resident("r2", "B"));
    let mut two = Contract::new(data, &f).unwrap();
    record(
        &mut two,
        &f,
        vec![Event::ResidentLeft {
            resident: "r1".into(),
            on: d("2026-06-05"),
        }],
    );
    assert_eq!(two.lifecycle().last_billable_day(), None);
}

fn proposal(on: &str, ground: SawGround, placement: Option<&str>) -> Event {
    Event::OperatorProposal {
        proposed_on: d(on),
        ground,
        reasons: "gemotiveerd voorstel aan de huisvestingsmaatschappij".into(),
        placement_on: placement.map(d),
    }
}

fn lease_end(end: &str, left: Option<&str>) -> Event {
    Event::LeaseEnded {
        lease_end: d(end),
        left_on: left.map(d),
    }
}

/// Ground, placement, lease end, left on, last billable day, July total.
type Saw16Case = (
    SawGround,
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

#[test]
fn saw_16_the_operator_ends_through_the_lease_on_a_reasoned_proposal() {
    // SAW-16: an open list of grounds, each on a reasoned proposal; the
    // agreement ends with the lease; on health grounds the lease runs on
    // until the day before the admission elsewhere.
    let f = botermarktpoort_2020().unwrap();
    let other = SawGround::Other("onbewoonbaar verklaarde woning".into());
    let table: [Saw16Case; 6] = [
        (
            SawGround::NonPayment,
            None,
            "2026-05-31",
            None,
            Some("2026-05-31"),
            "0",
        ),
        (
            SawGround::CriminalActs,
            None,
            "2026-05-31",
            Some("2026-05-20"),
            Some("2026-05-20"),
            "0",
        ),
        (other, None, "2026-05-31", None, Some("2026-05-31"), "0"),
        // Extended past the lease's end until the admission elsewhere:
        // 14 July is the last day (14 × €3.96).
        (
            SawGround::Health,
            Some("2026-07-15"),
            "2026-05-31",
            None,
            Some("2026-07-14"),
            "55.44",
        ),
        // A placement before the lease's end does not shorten the lease.
        (
            SawGround::Health,
            Some("2026-05-10"),
            "2026-05-31",
            None,
            Some("2026-05-31"),
            "0",
        ),
        // No admission elsewhere yet: the lease runs on, the stay is open.
        (SawGround::Health, None, "2026-05-31", None, None, "122.76"),
    ];
    for (ground, placement, end, left, last, july) in table {
        let mut c = saw_contract(&f, "S16", "1", "2026-01-01").unwrap();
        record(
            &mut c,
            &f,
            vec![
                proposal("2026-03-02", ground.clone(), placement),
                lease_end(end, left),
            ],
        );
        let life = c.lifecycle();
        assert_eq!(life.last_billable_day(), last.map(d), "{ground}");
        if let Some(last) = last {
            assert_eq!(
                life.end_reason(),
                Some(&EndReason::OperatorProposal {
                    proposed_on: d("2026-03-02"),
                    ground: ground.clone(),
                    lease_end: d(last).max(d(end)),
                    placement_on: placement.map(d),
                }),
                "{ground}"
            );
        }
        let total = invoice_contract(&f, &c, &[], &MonthEndOptions::new(m("2026-07")))
            .unwrap()
            .iter()
            .map(InvoiceDraft::total)
            .sum::<Money>();
        assert_eq!(total, eur(july), "{ground}: July");
    }
    // The placement, once known, is added to the proposal and ends the
    // open stay.
    let mut c = saw_contract(&f, "S16", "1", "2026-01-01").unwrap();
    record(
        &mut c,
        &f,
        vec![
            proposal("2026-03-02", SawGround::Health, None),
            lease_end("2026-05-31", None),
        ],
    );
    assert_eq!(c.lifecycle().last_billable_day(), None);
    let mut data = c.data().clone();
    data.events[0] = proposal("2026-03-02", SawGround::Health, Some("2026-08-01"));
    let placed = Contract::new(data, &f).unwrap();
    assert_eq!(
        placed.lifecycle().last_billable_day(),
        Some(d("2026-07-31"))
    );
}

#[test]
fn saw_16_a_proposal_without_reasons_or_on_a_gaw_contract_is_refused() {
    // SAW-16, SAW-12, GAW-18
    let f = botermarktpoort_2020().unwrap();
    let refused = |events: Vec<Event>, needle: &str| {
        let mut c = saw_contract(&f, "S16", "1", "2026-01-01").unwrap();
        let (last, before) = events.split_last().unwrap();
        record(&mut c, &f, before.to_vec());
        let err = c.record(last.clone(), &f).unwrap_err().chain();
        assert!(err.contains(needle), "{needle}: {err}");
    };
    let unreasoned = Event::OperatorProposal {
        proposed_on: d("2026-03-02"),
        ground: SawGround::DisruptiveBehaviour,
        reasons: "  ".into(),
        placement_on: None,
    };
    refused(vec![unreasoned], "reasoned proposal (SAW-16)");
    refused(
        vec![proposal("2026-03-02", SawGround::Other(" ".into()), None)],
        "no name (SAW-16)",
    );
    refused(
        vec![proposal(
            "2026-03-02",
            SawGround::NonPayment,
            Some("2026-06-01"),
        )],
        "only on health grounds (SAW-16)",
    );
    refused(
        vec![proposal(
            "2026-03-02",
            SawGround::Health,
            Some("2026-03-01"),
        )],
        "not after the proposal",
    );
    refused(
        vec![
            proposal("2026-03-02", SawGround::NonPayment, None),
            proposal("2026-03-09", SawGround::CriminalActs, None),
        ],
        "already proposed an end on 2026-03-02",
    );
    refused(
        vec![
            lease_end("2026-02-28", None),
            proposal("2026-03-02", SawGround::NonPayment, None),
        ],
        "the contract ended on 2026-02-28",
    );
    refused(
        vec![
            proposal("2026-03-02", SawGround::Health, Some("2026-06-01")),
            lease_end("2026-04-30", Some("2026-06-10")),
        ],
        "after the lease ends on 2026-05-31",
    );
    refused(
        vec![Event::OperatorNotice {
            notified_on: d("2026-03-02"),
            ground: TerminationGround::SeriousDisturbance,
        }],
        "record the proposal and the lease end",
    );
    refused(
        vec![Event::HealthTermination {
            notified_on: d("2026-03-02"),
            placement_on: None,
        }],
        "record the proposal on health grounds",
    );
    // The GAW operator uses the closed list of GAW-18 instead.
    let g = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&g, "G16", "A01", "2026-01-01").unwrap();
    let err = c
        .record(proposal("2026-03-02", SawGround::Health, None), &g)
        .unwrap_err()
        .chain();
    assert!(err.contains("GAW-18"), "{err}");
}

#[test]
fn saw_11_death_stops_the_care_cost_the_day_after() {
    // SAW-11
    let f = botermarktpoort_2020().unwrap();
    let mut c = saw_contract(&f, "S11", "1", "2026-01-01").unwrap();
    record(
        &mut c,
        &f,
        vec![Event::Death {
            resident: "r1".into(),
            on: d("2026-06-10"),
        }],
    );
    assert_eq!(bill(&f, &c, "2026-06").total(), eur("39.60")); // 10 × 3.96, unlike GAW-15
                                                               // No clearance window for SAW.
    assert!(c
        .record(
            Event::KeysReturned {
                on: d("2026-06-12")
            },
            &f
        )
        .unwrap_err()
        .to_string()
        .contains("SAW-11"));
}

#[test]
fn saw_5_decision_gaw_and_saw_invoices_share_the_format() {
    // SAW-5
    let g = antoniushof_2020().unwrap();
    let s = botermarktpoort_2020().unwrap();
    let gi = bill(
        &g,
        &gaw_contract(&g, "G", "A01", "2026-06-05").unwrap(),
        "2026-06",
    );
    let si = bill(
        &s,
        &saw_contract(&s, "S", "1", "2026-06-05").unwrap(),
        "2026-06",
    );
    for inv in [&gi, &si] {
        assert_eq!(inv.kind(), InvoiceKind::Regular);
        assert_eq!(inv.header().details.stay.unwrap().days, 26);
        assert!(!inv.vat_mention().is_empty());
        assert_eq!(
            inv.shares().iter().map(|s| s.amount).sum::<Money>(),
            inv.total()
        );
    }
}

#[test]
fn gaw_6_a_notice_brings_in_only_its_own_change() {
    // GAW-6 (Decision), SAW-3: a small flat admitted 2022-05-01 at €26.98;
    // MEAL-2023 (meals €8.10 from 1 March) notified on 2023-01-25; the
    // earlier IDX-2023 (€29.80 from 1 February) notified only on
    // 2023-03-16. The meal notice must not bring in the new daily price.
    let f = antoniushof_2020().unwrap();
    let mut tariff = f.tariff().clone();
    let approve = |tariff: &mut care_core::TariffHistory,
                   id: &str,
                   from: &str,
                   daily: &[(&str, &str)],
                   extras: &[(&str, &str)]| {
        tariff
            .approve(&ApprovedChange {
                users_council_on: None,
                decided_on: None,
                id: id.into(),
                effective_from: Some(d(from)),
                reference: "test".into(),
                daily: daily.iter().map(|(b, p)| (b.to_string(), eur(p))).collect(),
                extras: extras
                    .iter()
                    .map(|(c, p)| (c.to_string(), eur(p)))
                    .collect(),
            })
            .unwrap();
    };
    approve(
        &mut tariff,
        "IDX-2022",
        "2022-01-01",
        &[("small", "26.98")],
        &[],
    );
    approve(
        &mut tariff,
        "IDX-2023",
        "2023-02-01",
        &[("small", "29.80")],
        &[],
    );
    approve(
        &mut tariff,
        "MEAL-2023",
        "2023-03-01",
        &[],
        &[("hot_meal", "8.10")],
    );
    let f = Facility::new(f.info().clone(), f.flats().to_vec(), tariff).unwrap();
    let mut c = gaw_contract(&f, "AH-9", "A01", "2022-05-01").unwrap();
    for (change, on) in [("MEAL-2023", "2023-01-25"), ("IDX-2023", "2023-03-16")] {
        c.add_price_notice(
            PriceNotice {
                change: change.into(),
                notified_on: d(on),
                effective_on: None,
                representative_notified_on: None,
            },
            &f,
        )
        .unwrap();
    }
    c.add_extra(
        ExtraCharge {
            id: "m1".into(),
            code: "hot_meal".into(),
            on: d("2023-03-02"),
            quantity: dec!(1),
            unit_price: None,
            note: None,
        },
        &f,
    )
    .unwrap();
    let march = bill(&f, &c, "2023-03");
    assert_eq!(
        lines_of(&march, LineKind::DailyPrice),
        vec![(
            "2023-03-01 – 2023-03-31".into(),
            "31".into(),
            "836.38".into()
        )]
    ); // 31 × 26.98, not 31 × 29.80 (€87.42 too much)
    assert_eq!(
        lines_of(&march, LineKind::Extra),
        vec![("2023-03-02".into(), "1".into(), "8.10".into())]
    ); // the meal price that was notified applies
    let april = bill(&f, &c, "2023-04");
    assert_eq!(
        lines_of(&april, LineKind::DailyPrice),
        vec![
            (
                "2023-04-01 – 2023-04-14".into(),
                "14".into(),
                "377.72".into()
            ), // 14 × 26.98
            (
                "2023-04-15 – 2023-04-30".into(),
                "16".into(),
                "476.80".into()
            ), // 16 × 29.80
        ]
    );
    // Each notice letter states what changes for this contract only.
    let (from, changes) = c
        .schedule()
        .what_changes(f.tariff(), "small", "MEAL-2023")
        .unwrap()
        .unwrap();
    assert_eq!(from, d("2023-03-01"));
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        (changes[0].old, changes[0].new),
        (Some(eur("7.50")), eur("8.10"))
    );
    let (from, changes) = c
        .schedule()
        .what_changes(f.tariff(), "small", "IDX-2023")
        .unwrap()
        .unwrap();
    assert_eq!(from, d("2023-04-15"));
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        (changes[0].old, changes[0].new),
        (Some(eur("26.98")), eur("29.80"))
    );
}

#[test]
fn gaw_15a_letters_never_go_to_a_resident_who_died() {
    // GAW-15a, GAW-28: two residents; after the first death letters go to
    // the survivor only; after the last, to the heirs through the
    // representative.
    use care_core::assisted_living::settlement::{addressee, Addressee};
    let f = antoniushof_2020().unwrap();
    let mut data = sample_data("AH-2", "B01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2026-01-01"),
        admission: d("2026-01-01"),
        deposit_paid_on: None,
    };
    data.residents = vec![resident("r1", "Jan Claes"), resident("r2", "Mia Claes")];
    let mut c = Contract::new(data, &f).unwrap();
    c.record(
        Event::Death {
            resident: "r1".into(),
            on: d("2026-03-10"),
        },
        &f,
    )
    .unwrap();
    assert_eq!(
        addressee(&c, d("2026-03-11")),
        Addressee::Residents {
            names: vec!["Mia Claes".into()]
        }
    );
    c.record(
        Event::Death {
            resident: "r2".into(),
            on: d("2026-05-02"),
        },
        &f,
    )
    .unwrap();
    assert_eq!(
        addressee(&c, d("2026-05-20")),
        Addressee::Heirs {
            of: "Mia Claes".into(),
            care_of: None
        }
    );
}

#[test]
fn gaw_6_the_base_index_is_that_of_the_month_the_price_took_effect() {
    // GAW-6: a price that took effect in January 2023 (€29.80) indexed with
    // January 2024 is 29.80 × 130.08 / 127.84 = 30.3221… → €30.32; based
    // on December 2022 it would be €30.35, and that base month is refused.
    let f = antoniushof_2020().unwrap();
    let mut tariff = f.tariff().clone();
    tariff
        .approve(&ApprovedChange {
            users_council_on: None,
            decided_on: None,
            id: "NEW-2023".into(),
            effective_from: Some(d("2023-01-01")),
            reference: "test".into(),
            daily: [("small".to_string(), eur("29.80"))].into(),
            extras: Default::default(),
        })
        .unwrap();
    // A change of extra prices only does not move the base month.
    tariff
        .approve(&ApprovedChange {
            users_council_on: None,
            decided_on: None,
            id: "MEAL-2023".into(),
            effective_from: Some(d("2023-03-01")),
            reference: "test".into(),
            daily: Default::default(),
            extras: [("hot_meal".to_string(), eur("8.10"))].into(),
        })
        .unwrap();
    assert_eq!(tariff.current_price_month(), m("2023-01"));
    let mut cpi = cpi();
    cpi.insert(m("2024-01"), dec!(130.08)).unwrap();
    let wrong = Indexation {
        decided_on: None,
        id: "IDX-2024".into(),
        effective_from: d("2024-03-01"),
        base_month: Some(m("2022-12")),
        index_month: m("2024-01"),
    };
    let err = tariff.clone().index(&wrong, &cpi).unwrap_err();
    assert!(err.chain().contains("2023-01"), "{}", err.chain());
    let derived = Indexation {
        base_month: None,
        ..wrong
    };
    let version = tariff.index(&derived, &cpi).unwrap();
    assert_eq!(
        version.prices.band("small").unwrap().daily.amount(),
        eur("30.32")
    );
}

#[test]
fn saw_3_an_indexation_without_its_base_figure_fails_naming_the_month() {
    // SAW-3, GAW-6: the care cost took effect in January 2020; the table
    // has no published figure for that month, so indexing it is an error
    // naming the month, never an estimate.
    let f = botermarktpoort_2020().unwrap();
    let mut tariff = f.tariff().clone();
    let mut cpi = cpi();
    cpi.insert(m("2024-01"), dec!(130.08)).unwrap();
    let err = tariff
        .index(
            &Indexation {
                decided_on: None,
                id: "IDX-2024".into(),
                effective_from: d("2024-03-01"),
                base_month: None,
                index_month: m("2024-01"),
            },
            &cpi,
        )
        .unwrap_err();
    assert_eq!(
        err,
        Error::MissingIndex {
            month: m("2020-01")
        }
    );
}

#[test]
fn gaw_9b_a_formal_notice_to_a_third_party_payer_is_no_formal_notice_of_the_resident() {
    // GAW-9b: the dunning steps address the resident or the representative;
    // the formal notice GAW-18 requires is one sent to them.
    use care_core::receivables::dunning::{DunningStatus, DunningStepKind};
    let f = antoniushof_2020().unwrap();
    let mut data = sample_data("AH-3", "A01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2026-01-01"),
        admission: d("2026-01-01"),
        deposit_paid_on: None,
    };
    data.payers = vec![
        Payer {
            id: "p1".parse().unwrap(),
            name: "Bewoner AH-3".into(),
            address: None,
            share: "70".parse().unwrap(),
        },
        Payer {
            id: "p2".parse().unwrap(),
            name: "OCMW Gent, sociale dienst".into(),
            address: Some("Onderbergen 86, 9000 Gent".into()),
            share: "30".parse().unwrap(),
        },
    ];
    let c = Contract::new(data, &f).unwrap();
    let status = |payer: &str| DunningStatus {
        contract: "AH-3".parse().unwrap(),
        payer: payer.parse().unwrap(),
        at: d("2026-06-30"),
        step: Some(DunningStepKind::FormalNotice),
        since: Some(d("2026-06-01")),
        invoices: vec![],
    };
    assert!(c.formal_notice_from(&status("p2")).is_none());
    assert_eq!(
        c.formal_notice_from(&status("p1")),
        Some(Event::FormalNotice {
            on: d("2026-06-01"),
            ground: TerminationGround::RepeatedNonPayment
        })
    );
}

/// A GAW contract AH-4 of 2026 with one resident, Maria Peeters, and one
/// payer p1, and a dunning status of p1 that reached the formal notice.
fn formal_notice_to_p1() -> (
    Facility,
    ContractData,
    care_core::receivables::dunning::DunningStatus,
) {
    use care_core::receivables::dunning::{DunningStatus, DunningStepKind};
    let f = antoniushof_2020().unwrap();
    let mut data = sample_data("AH-4", "A01").unwrap();
    data.agreement = Agreement::Gaw {
        signed_on: d("2026-01-01"),
        admission: d("2026-01-01"),
        deposit_paid_on: None,
    };
    data.residents = vec![resident("r1", "Maria Peeters")];
    let status = DunningStatus {
        contract: "AH-4".parse().unwrap(),
        payer: "p1".parse().unwrap(),
        at: d("2026-06-30"),
        step: Some(DunningStepKind::FormalNotice),
        since: Some(d("2026-06-01")),
        invoices: vec![],
    };
    (f, data, status)
}

#[test]
fn gaw_9b_a_resident_paying_under_another_name_is_linked_not_guessed() {
    // GAW-9b, GAW-28: the resident is the payer the contract links to her,
    // whatever name the payer is printed under; a payer of another name
    // without a link is a third party.
    let (f, mut data, status) = formal_notice_to_p1();
    data.payers[0].name = "M. Peeters-Janssens".into();
    let unlinked = Contract::new(data.clone(), &f).unwrap();
    assert!(unlinked.resident_of(&data.payers[0]).is_none());
    assert!(unlinked.formal_notice_from(&status).is_none());
    data.residents[0].payer = Some("p1".parse().unwrap());
    let linked = Contract::new(data.clone(), &f).unwrap();
    assert_eq!(
        linked.resident_of(&data.payers[0]).map(|r| r.id.as_str()),
        Some("r1")
    );
    assert!(linked.formal_notice_from(&status).is_some());
    // A link to a payer that does not exist, or two residents linked to one.
    data.residents[0].payer = Some("p9".parse().unwrap());
    let err = Contract::new(data.clone(), &f).unwrap_err().chain();
    assert!(
        err.contains("resident r1 pays as unknown payer p9"),
        "{err}"
    );
    data.residents = vec![
        resident("r1", "Maria Peeters"),
        resident("r2", "Jan Peeters"),
    ];
    data.residents[0].payer = Some("p1".parse().unwrap());
    data.residents[1].payer = Some("p1".parse().unwrap());
    let err = Contract::new(data, &f).unwrap_err().chain();
    assert!(
        err.contains("payer p1 is linked to more than one resident"),
        "{err}"
    );
}

#[test]
fn gaw_9b_a_representative_paying_under_another_name_is_linked_not_guessed() {
    // GAW-9b, GAW-9c: the representative is the payer the contract links
    // to the representative, whatever name the payer is printed under;
    // without a link only a payer of the representative's name is.
    let (f, mut data, status) = formal_notice_to_p1();
    data.representative = Some(Representative {
        name: "mr. Bart Segers".into(),
        address: None,
        relation: Some("bewindvoerder".into()),
        salutation: None,
        payer: None,
    });
    data.payers[0].name = "Kantoor Segers, bewindvoering M. Peeters".into();
    let unlinked = Contract::new(data.clone(), &f).unwrap();
    assert!(!unlinked.is_representative(&data.payers[0]));
    assert!(!unlinked.is_party(&data.payers[0]));
    assert!(unlinked.formal_notice_from(&status).is_none());
    let link = |data: &mut ContractData, payer: &str| {
        if let Some(r) = data.representative.as_mut() {
            r.payer = Some(payer.parse().unwrap());
        }
    };
    link(&mut data, "p1");
    let linked = Contract::new(data.clone(), &f).unwrap();
    assert!(linked.is_representative(&data.payers[0]));
    assert!(linked.is_party(&data.payers[0]));
    assert!(linked.resident_of(&data.payers[0]).is_none());
    assert!(linked.formal_notice_from(&status).is_some());
    // A link names an existing payer, and not one that is a resident's.
    link(&mut data, "p9");
    let err = Contract::new(data.clone(), &f).unwrap_err().chain();
    assert!(
        err.contains("the representative pays as unknown payer p9"),
        "{err}"
    );
    link(&mut data, "p1");
    data.residents[0].payer = Some("p1".parse().unwrap());
    let err = Contract::new(data, &f).unwrap_err().chain();
    assert!(
        err.contains("payer p1 is linked to a resident and to the representative"),
        "{err}"
    );
}

#[test]
fn gaw_18a_the_contract_governs_the_grounds_force_majeure_included() {
    // GAW-18a: the contract (art. 8.4.2) lists force majeure, which the
    // house rules (3.15) do not; the contract governs, so it is a ground,
    // with the same preconditions.
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "FM", "A01", "2025-01-01").unwrap();
    record(
        &mut c,
        &f,
        vec![
            Event::FormalNotice {
                on: d("2026-02-10"),
                ground: TerminationGround::ForceMajeure,
            },
            Event::HearingInvitation {
                on: d("2026-03-01"),
            },
            Event::OperatorNotice {
                notified_on: d("2026-04-01"),
                ground: TerminationGround::ForceMajeure,
            },
        ],
    );
    // 60 days from the day after notification: 2 April – 31 May.
    assert_eq!(c.lifecycle().last_billable_day(), Some(d("2026-05-31")));
}

fn with_extra(
    f: &Facility,
    item: care_core::assisted_living::tariff::ExtraItem,
) -> Result<Facility, Error> {
    let t = f.tariff();
    let mut catalogue = t.catalogue().to_vec();
    catalogue.push(item);
    let first = &t.versions()[0];
    let tariff = care_core::TariffHistory::new(
        t.bands().to_vec(),
        catalogue,
        &first.id,
        first.effective_from,
        "test",
        first.prices.clone(),
    )?;
    Facility::new(f.info().clone(), f.flats().to_vec(), tariff)
}

#[test]
fn gaw_22_utilities_taxes_and_rent_are_never_on_the_operators_invoice() {
    // GAW-22, SAW-4: a catalogue that names them is refused.
    use care_core::assisted_living::tariff::{
        ExtraBilling, ExtraCategory, ExtraItem, ExtraPricing,
    };
    let f = antoniushof_2020().unwrap();
    for category in [
        ExtraCategory::Utilities,
        ExtraCategory::OccupancyTax,
        ExtraCategory::RentOrCommonAreas,
    ] {
        let err = with_extra(
            &f,
            ExtraItem {
                house_rules: false,
                code: "x".into(),
                nature: "Elektriciteit".into(),
                unit: "maand".into(),
                category,
                pricing: ExtraPricing::RealCost,
                billing: ExtraBilling::PerUse,
            },
        )
        .unwrap_err();
        assert!(err.chain().contains("GAW-22"), "{}", err.chain());
    }
}

#[test]
fn gaw_21_the_resident_bears_half_of_the_surveyors_fee() {
    // GAW-21: the inventory is drawn up jointly at joint cost: a fee of
    // €245.00 gives a line of 0.5 × €245.00 = €122.50; any other quantity
    // is refused.
    use care_core::assisted_living::tariff::{
        ExtraBilling, ExtraCategory, ExtraItem, ExtraPricing,
    };
    let f = with_extra(
        &antoniushof_2020().unwrap(),
        ExtraItem {
            house_rules: false,
            code: "inventory".into(),
            nature: "Plaatsbeschrijving, helft van het ereloon van de landmeter".into(),
            unit: "ereloon".into(),
            category: ExtraCategory::InventorySurvey,
            pricing: ExtraPricing::RealCost,
            billing: ExtraBilling::PerUse,
        },
    )
    .unwrap();
    let mut c = gaw_contract(&f, "INV", "A01", "2026-06-01").unwrap();
    let charge = |quantity| ExtraCharge {
        id: "inv".into(),
        code: "inventory".into(),
        on: d("2026-06-01"),
        quantity,
        unit_price: Some(eur("245.00")),
        note: None,
    };
    let err = c.add_extra(charge(dec!(1)), &f).unwrap_err();
    assert!(err.chain().contains("GAW-21"), "{}", err.chain());
    c.add_extra(charge(dec!(0.5)), &f).unwrap();
    let june = bill(&f, &c, "2026-06");
    assert_eq!(
        lines_of(&june, LineKind::Extra),
        vec![("2026-06-01".into(), "0.5".into(), "122.50".into())]
    );
}

// ---------------------------------------------------------------- GAW-24, SAW-14

#[test]
fn gaw_24_saw_14_a_service_added_by_addendum_runs_only_once_every_resident_signed() {
    use care_core::assisted_living::contract::{Amendment, Signature};
    // GAW-24, SAW-14: an addendum adding the phone from 1 June. Signed by
    // Jan only, it does not apply (Mia keeps the contract as it was); once
    // Mia signs too, June carries the phone.
    let (f, mut data) = couple();
    data.subscriptions.push(Subscription {
        id: "tel".into(),
        code: "phone".into(),
        from: d("2026-06-01"),
        until: None,
        amount: None,
        amendment: Some("A1".into()),
    });
    let sign = |resident: &str| Signature {
        resident: resident.into(),
        on: d("2026-05-20"),
    };
    data.amendments.push(Amendment {
        id: "A1".into(),
        description: "vaste telefoon met gratis gesprekken".into(),
        effective_from: d("2026-06-01"),
        signatures: vec![sign("r1")],
    });
    let c = Contract::new(data.clone(), &f).unwrap();
    assert!(!c.amendment_applies(Some("A1")));
    let extras = |c: &Contract| lines_of(&bill(&f, c, "2026-06"), LineKind::Extra).len();
    assert_eq!(extras(&c), 0);
    data.amendments[0].signatures.push(sign("r2"));
    let c = Contract::new(data.clone(), &f).unwrap();
    assert!(c.amendment_applies(Some("A1")));
    assert_eq!(extras(&c), 1);
    // Nonsense is refused: a service before its addendum, an unknown
    // addendum, a signature by a stranger.
    let mut early = data.clone();
    early.subscriptions[0].from = d("2026-05-01");
    assert!(Contract::new(early, &f)
        .unwrap_err()
        .chain()
        .contains("GAW-24"));
    let mut unknown = data.clone();
    unknown.subscriptions[0].amendment = Some("A9".into());
    assert!(Contract::new(unknown, &f).is_err());
    let mut stranger = data;
    stranger.amendments[0].signatures.push(sign("r9"));
    assert!(Contract::new(stranger, &f).is_err());
}

// ---------------------------------------------------------------- GAW-29

#[test]
fn gaw_29_a_house_rule_price_changes_only_after_the_users_councils_advice() {
    // GAW-29: the phone device's price is set in the house rules (6.4); a
    // change of it without the users' council's advice is refused, as is
    // advice given after the decision; with it, the change is like any
    // other, and reaches a contract only through its notice (GAW-6).
    let f = antoniushof_2020().unwrap();
    let mut tariff = f.tariff().clone();
    let mut catalogue = tariff.catalogue().to_vec();
    for item in &mut catalogue {
        item.house_rules = item.code == "phone";
    }
    tariff = care_core::assisted_living::tariff::TariffHistory::new(
        tariff.bands().to_vec(),
        catalogue,
        "tariff-2020",
        tariff.versions()[0].effective_from,
        "house rules",
        tariff.versions()[0].prices.clone(),
    )
    .unwrap();
    let change = |council: Option<&str>| ApprovedChange {
        id: "TEL-2026".into(),
        effective_from: Some(d("2026-05-01")),
        decided_on: Some(d("2026-04-10")),
        users_council_on: council.map(d),
        reference: "Vast Bureau 2026-04-10".into(),
        daily: Default::default(),
        extras: [("phone".to_string(), eur("5.20"))].into(),
    };
    for (council, refused) in [
        (None, true),
        (Some("2026-04-20"), true),
        (Some("2026-03-25"), false),
    ] {
        let result = tariff.clone().approve(&change(council)).map(|_| ());
        assert_eq!(result.is_err(), refused, "{council:?}: {result:?}");
        if let Err(e) = result {
            assert!(e.chain().contains("GAW-29"), "{}", e.chain());
        }
    }
    // Another extra, not set in the house rules, needs no advice.
    let mut meal = change(None);
    meal.extras = [("hot_meal".to_string(), eur("8.50"))].into();
    assert!(tariff.clone().approve(&meal).is_ok());
}
