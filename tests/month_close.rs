//! Month close as a library call, on the fixtures: the same invoices as
//! month-end run month by month, nothing new when run again over its own
//! output, letters and settlements only from history it read, and a batch
//! that collects the mandate payers (GAW-7, GAW-8a, GAW-9, GAW-15a).

use std::path::{Path, PathBuf};

use care_core::assisted_living::billing::{month_end, MonthEndOptions, Receivables};
use care_core::assisted_living::invoice::{InvoiceSequence, IssueOptions};
use care_core::assisted_living::month_close::{month_close, MonthCloseOptions};
use care_core::BillingMonth;
use care_engine::{load_deposit_interest, load_fixture, load_interest, load_payments};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn m(text: &str) -> BillingMonth {
    text.parse().unwrap()
}

#[test]
fn month_close_replays_as_month_end_month_by_month_and_reruns_give_nothing_new() {
    for name in ["antoniushof", "botermarktpoort"] {
        let dir = dir(name);
        let f = load_fixture(&dir).unwrap();
        let payments = load_payments(&dir, &f).unwrap();
        let rates = load_interest(&dir).unwrap();
        let deposit_rates = load_deposit_interest(&dir).unwrap();
        let options = MonthCloseOptions {
            from: Some(m("2026-01")),
            payments: &payments,
            deposit_rates: Some(&deposit_rates),
            ..MonthCloseOptions::new(m("2026-06"), &rates)
        };
        let close = month_close(&f.facility, &f.contracts, &options).unwrap();
        assert!(close.failures.is_empty(), "{name}: {:?}", close.failures);
        assert_eq!(close.books_start, m("2026-01"));

        // The same months run one by one, as before this call existed.
        let mut books = Vec::new();
        let mut month = m("2026-01");
        while month <= m("2026-06") {
            let (kept, _) = care_core::receivables::ledger::payments_in_books(
                &payments,
                &books,
                m("2026-01").first_day(),
                month.last_day(),
                f.facility.info().payment_code,
            );
            let kept: Vec<_> = kept.into_iter().cloned().collect();
            let run = month_end(
                &f.facility,
                &f.contracts,
                &books,
                &MonthEndOptions {
                    since: Some(m("2026-01")),
                    receivables: Some(Receivables {
                        payments: &kept,
                        rates: &rates,
                    }),
                    ..MonthEndOptions::new(month)
                },
            );
            let mut seq =
                InvoiceSequence::continue_after(&f.facility.info().invoice_prefix, 2026, &books)
                    .unwrap();
            books.extend(
                seq.issue(run.invoices, &IssueOptions::new(month.last_day()))
                    .unwrap(),
            );
            month = month.next();
        }
        let mut all = close.replayed.clone();
        all.extend(close.invoices.clone());
        assert_eq!(all, books, "{name}");

        // Run again over its own output: nothing new to invoice, the same
        // statements (re-runs are identical).
        let again = month_close(
            &f.facility,
            &f.contracts,
            &MonthCloseOptions {
                from: None,
                issued: &books,
                ..options
            },
        )
        .unwrap();
        assert!(
            again.invoices.is_empty(),
            "{name}: {:?}",
            again
                .invoices
                .iter()
                .map(|i| i.number())
                .collect::<Vec<_>>()
        );
        assert_eq!(again.statements, close.statements, "{name}");
        assert_eq!(
            month_close(&f.facility, &f.contracts, &options).unwrap(),
            close,
            "{name}: the same input gives the same close"
        );
    }
}

#[test]
fn gaw_9_gaw_15a_letters_and_settlements_only_from_history_the_run_read() {
    let dir = dir("antoniushof");
    let f = load_fixture(&dir).unwrap();
    let payments = load_payments(&dir, &f).unwrap();
    let rates = load_interest(&dir).unwrap();
    let deposit_rates = load_deposit_interest(&dir).unwrap();
    // June alone: the books start in June, no payment of earlier months is
    // read, and contracts that began before are not settled.
    let june = MonthCloseOptions {
        payments: &payments,
        deposit_rates: Some(&deposit_rates),
        ..MonthCloseOptions::new(m("2026-06"), &rates)
    };
    let alone = month_close(&f.facility, &f.contracts, &june).unwrap();
    let start = |id: &str| {
        f.contracts
            .iter()
            .find(|c| c.id() == id)
            .unwrap()
            .lifecycle()
            .start()
    };
    for s in &alone.settlements {
        assert!(
            start(s.contract.as_str()) >= m("2026-06").first_day(),
            "{} began before the books",
            s.contract
        );
    }
    assert!(!alone.withheld.is_empty());
    for w in &alone.withheld {
        assert!(start(w.contract.as_str()) < m("2026-06").first_day());
    }
    assert!(alone.dunning_letters.is_empty());
    assert!(alone
        .payments_read
        .iter()
        .all(|p| p.on >= m("2026-06").first_day()));
    // Replayed from January: the settlements of the stays that ended in
    // June, addressed to the living, the representative or the heirs, and
    // the dunning letters of the ladder's steps.
    let replay = month_close(
        &f.facility,
        &f.contracts,
        &MonthCloseOptions {
            from: Some(m("2026-01")),
            ..june
        },
    )
    .unwrap();
    assert!(replay.withheld.is_empty());
    assert!(!replay.settlements.is_empty());
    assert!(!replay.dunning_letters.is_empty());
    for letter in &replay.dunning_letters {
        assert!(letter.status.step.is_some());
        assert_eq!(letter.status.payer, letter.statement.payer);
    }
    // GAW-8a: the batch collects the month's mandate payers.
    let batch = replay.direct_debit.as_ref().unwrap();
    assert!(batch.xml().unwrap().contains("<PmtInfId>"));
    assert_eq!(
        batch.options.collection_date,
        m("2026-07").first_day() + chrono::Duration::days(13)
    );
    for c in &batch.collections {
        assert!(replay.invoices.iter().any(|i| i.number() == c.invoice));
    }
}

#[test]
fn a_deposit_without_its_rates_is_an_error_not_a_guess() {
    let dir = dir("antoniushof");
    let f = load_fixture(&dir).unwrap();
    let rates = load_interest(&dir).unwrap();
    let err = month_close(
        &f.facility,
        &f.contracts,
        &MonthCloseOptions {
            from: Some(m("2026-01")),
            ..MonthCloseOptions::new(m("2026-06"), &rates)
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("no deposit interest rates"),
        "{err}"
    );
}

#[test]
fn gaw_27_the_settlement_is_provisional_until_the_inventory_and_final_in_its_month() {
    // GAW-27: AH-005 ended in June (death 10 June, keys 13 June) and its
    // flat's inventory is not checked: June's settlement is provisional and
    // keeps the deposit. With the check on 8 July, July's close draws the
    // final settlement, which releases it; AH-013 (checked 5 June) is final
    // in June and not drawn again in July.
    let dir = dir("antoniushof");
    let mut f = load_fixture(&dir).unwrap();
    let payments = load_payments(&dir, &f).unwrap();
    let rates = load_interest(&dir).unwrap();
    let deposit_rates = load_deposit_interest(&dir).unwrap();
    let close = |f: &care_core::assisted_living::fixture::Fixture, month: &str| {
        month_close(
            &f.facility,
            &f.contracts,
            &MonthCloseOptions {
                from: Some(m("2026-01")),
                payments: &payments,
                deposit_rates: Some(&deposit_rates),
                ..MonthCloseOptions::new(m(month), &rates)
            },
        )
        .unwrap()
    };
    let june = close(&f, "2026-06");
    let of = |c: &care_core::assisted_living::month_close::MonthClose, id: &str| {
        c.settlements.iter().find(|s| s.contract == id).cloned()
    };
    let provisional = of(&june, "AH-005").unwrap();
    assert!(provisional.is_provisional());
    assert!(provisional.deposit_held.is_some());
    assert!(!provisional
        .lines
        .iter()
        .any(|l| l.description.contains("waarborg")));
    let final_013 = of(&june, "AH-013").unwrap();
    assert!(!final_013.is_provisional());
    assert!(final_013
        .lines
        .iter()
        .any(|l| l.description == "Terugbetaling waarborg"));

    let index = f.contracts.iter().position(|c| c.id() == "AH-005").unwrap();
    f.contracts[index]
        .record(
            care_core::assisted_living::event::Event::InventoryChecked {
                on: "2026-07-08".parse().unwrap(),
            },
            &f.facility,
        )
        .unwrap();
    let july = close(&f, "2026-07");
    let last = of(&july, "AH-005").unwrap();
    assert!(!last.is_provisional());
    assert!(last
        .lines
        .iter()
        .any(|l| l.description == "Terugbetaling waarborg"));
    assert!(of(&july, "AH-013").is_none());
}
