//! The fixtures: they load, every month from the first admission through
//! 2026-12 invoices without failure, the month-end of June 2026 matches its
//! expected output, and mistakes are reported with file, record and field.

use std::path::{Path, PathBuf};

use care_core::assisted_living::billing::{month_end, MonthEndOptions};
use care_core::assisted_living::invoice::{InvoiceSequence, IssueOptions};
use care_core::BillingMonth;
use care_engine::load_fixture;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const FIXTURES: [&str; 2] = ["antoniushof", "botermarktpoort"];

#[test]
fn fixtures_have_their_documented_size() {
    let ah = load_fixture(&root().join("fixtures/antoniushof")).unwrap();
    assert_eq!(ah.facility.flats().len(), 87);
    assert!(ah.contracts.len() >= 12);
    let bmp = load_fixture(&root().join("fixtures/botermarktpoort")).unwrap();
    assert_eq!(bmp.facility.flats().len(), 19);
    // SAW-1: €3.96 a day from 1 January 2020.
    assert_eq!(
        bmp.facility.tariff().versions()[0].prices.bands[0]
            .daily
            .amount()
            .to_string(),
        "€3.96"
    );
    // GAW-2: the breakdown mismatch of the 2020 tariff is reported, per band
    // and per indexed version.
    assert!(ah
        .facility
        .tariff()
        .breakdown_report()
        .iter()
        .any(|r| r.version == "tariff-2020" && r.difference.to_string() == "€0.05"));
}

#[test]
fn every_month_from_the_first_admission_through_2026_invoices_cleanly() {
    for name in FIXTURES {
        let fixture = load_fixture(&root().join("fixtures").join(name)).unwrap();
        let first = fixture
            .contracts
            .iter()
            .map(|c| BillingMonth::of(c.lifecycle().start()))
            .min()
            .unwrap();
        let last: BillingMonth = "2026-12".parse().unwrap();
        let mut history = Vec::new();
        let mut month = first;
        while month <= last {
            let run = month_end(
                &fixture.facility,
                &fixture.contracts,
                &history,
                &MonthEndOptions::new(month),
            );
            assert!(
                run.failures.is_empty(),
                "{name} {month}: {:?}",
                run.failures
            );
            // Run month by month with history: no correction may appear,
            // since the data does not change between runs.
            for invoice in &run.invoices {
                assert!(
                    invoice.corrected_invoices().is_empty(),
                    "{name} {month}: {:?}",
                    invoice
                );
            }
            let mut seq = InvoiceSequence::continue_after(
                &fixture.facility.info().invoice_prefix,
                month.year(),
                &history,
            )
            .unwrap();
            history.extend(
                seq.issue(run.invoices, &IssueOptions::new(month.last_day()))
                    .unwrap(),
            );
            month = month.next();
        }
        assert!(!history.is_empty());
    }
}

/// The month-end summary of June 2026, compared with the expected output
/// kept next to the fixture. Set `UPDATE_EXPECT=1` to rewrite it after a
/// deliberate change, and review the diff.
#[test]
fn june_2026_matches_the_expected_output() {
    for name in FIXTURES {
        let dir = root().join("fixtures").join(name);
        let fixture = load_fixture(&dir).unwrap();
        let month: BillingMonth = "2026-06".parse().unwrap();
        let run = month_end(
            &fixture.facility,
            &fixture.contracts,
            &[],
            &MonthEndOptions::new(month),
        );
        let mut actual = String::new();
        for invoice in &run.invoices {
            actual.push_str(&format!(
                "{} {:?} total {}\n",
                invoice.contract(),
                invoice.kind(),
                invoice.total().to_plain_string()
            ));
            for line in invoice.lines() {
                let when = line
                    .period()
                    .map(|p| p.to_string())
                    .or(line.date().map(|d| d.to_string()))
                    .unwrap_or_default();
                actual.push_str(&format!(
                    "  {:<16} {:<48} {:<25} {:>5} × {:>8} = {:>9}\n",
                    format!("{:?}", line.kind()),
                    line.description(),
                    when,
                    line.quantity().to_string(),
                    line.unit_price().to_plain_string(),
                    line.amount().to_plain_string()
                ));
            }
            for share in invoice.shares() {
                actual.push_str(&format!(
                    "  share {} {}\n",
                    share.name,
                    share.amount.to_plain_string()
                ));
            }
        }
        let path = dir.join("expected/2026-06.txt");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &actual).unwrap();
        }
        let expected =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(actual, expected, "{} differs", path.display());
    }
}

/// Copies a fixture to a temporary folder with one file edited; returns the
/// folder that holds it and the fixture's own folder.
fn edited(name: &str, file: &str, tag: &str, edit: impl Fn(&str) -> String) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "care-engine-{}-{}-{tag}",
        std::process::id(),
        file.replace('.', "-")
    ));
    let fixture = dir.join(name);
    std::fs::create_dir_all(&fixture).unwrap();
    std::fs::create_dir_all(dir.join("reference")).unwrap();
    let src = root().join("fixtures");
    std::fs::copy(
        src.join("reference/cpi.toml"),
        dir.join("reference/cpi.toml"),
    )
    .unwrap();
    for f in ["facility.toml", "contracts.toml"] {
        let text = std::fs::read_to_string(src.join(name).join(f)).unwrap();
        let text = if f == file { edit(&text) } else { text };
        std::fs::write(fixture.join(f), text).unwrap();
    }
    (dir, fixture)
}

/// Copies a fixture with one file edited and returns the error loading it.
fn broken(name: &str, file: &str, edit: impl Fn(&str) -> String) -> (PathBuf, String) {
    let (dir, fixture) = edited(name, file, "broken", edit);
    let error = match load_fixture(&fixture) {
        Ok(_) => panic!(
            "{}/{file}: the edited fixture was accepted",
            fixture.display()
        ),
        Err(e) => care_engine::error_chain(&e),
    };
    std::fs::remove_dir_all(&dir).ok();
    (fixture, error)
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the fixture");
    text.replacen(from, to, 1)
}

#[test]
fn mistakes_name_the_file_the_record_and_the_field() {
    // (fixture, file, text, replaced by, expected message)
    let table = [
        ("antoniushof", "contracts.toml", "flat = \"0.01\"", "flat = \"9.99\"", "contracts.toml: contract AH-001: field `flat`: contract AH-001: flat \"9.99\": facility antoniushof has no flat \"9.99\""),
        ("antoniushof", "contracts.toml", "quantity = \"5\"", "quantity = \"-5\"", "contracts.toml: contract AH-001: field `extras.m-0603`"),
        ("antoniushof", "contracts.toml", "quantity = \"5\"", "quantity = 5.5", "contracts.toml: contract AH-001: field `extras[0].quantity`"),
        ("antoniushof", "contracts.toml", "share = \"100\"", "share = \"90\"", "contracts.toml: contract AH-001: field `payers`: contract AH-001: payer shares sum to 90%"),
        ("antoniushof", "contracts.toml", "notified_on = 2026-03-15", "notified_on = 2026-02-15", "contracts.toml: contract AH-003: field `events (resident notice of 2026-02-15)`"),
        ("antoniushof", "contracts.toml", "type = \"death\", resident = \"r1\", on = 2026-06-10", "type = \"dead\", resident = \"r1\", on = 2026-06-10", "contracts.toml: contract AH-005: field `events[0].type`: unknown variant `dead`"),
        ("antoniushof", "contracts.toml", "id = \"AH-002\"", "id = \"AH-001\"", "field `id`: another contract has this id"),
        ("antoniushof", "contracts.toml", "id = \"AH-002\"", "id = \"AH-002 \"", "contracts.toml: contract AH-002 : field `id`: invalid contract id \"AH-002 \": it has leading or trailing spaces"),
        ("antoniushof", "contracts.toml", "iban = \"BE71 0961 2345 6769\"", "iban = \"BE71 0961 2345 6760\"", "contracts.toml: contract AH-001: field `mandates[0].iban`: invalid IBAN \"BE71 0961 2345 6760\": the check digits do not match"),
        ("antoniushof", "contracts.toml", "payer = \"p1\"", "payer = \"\"", "contracts.toml: contract AH-001: field `mandates[0].payer`: invalid payer id \"\": it is empty"),
        ("antoniushof", "contracts.toml", "flat = \"0.02\"", "flat = \"0.01\"", "contract AH-003: field `flat`: flat 0.01 is occupied by contract AH-001"),
        ("antoniushof", "contracts.toml", "residents = [{ id = \"r1\", name = \"André Claeys\"", "residentz = [{ id = \"r1\", name = \"André Claeys\"", "contract AH-003: field `residentz`: unknown field `residentz`"),
        ("antoniushof", "facility.toml", "lower = \"47\"", "lower = \"48\"", "facility.toml: facility antoniushof: field `flats`: area 47 m² (flat 0.21) lies in no size band (GAW-1)"),
        ("antoniushof", "facility.toml", "daily = \"25.72\"", "daily = 25.72", "facility.toml: facility: field `tariff.prices[0].daily`"),
        ("antoniushof", "facility.toml", "index_month = \"2021-11\"", "index_month = \"2021-10\"", "facility.toml: price change IDX-2022: field `price_changes`: the consumer price index table has no figure for 2021-10"),
        ("antoniushof", "facility.toml", "[operator]", "[operator", "facility.toml: facility: field `-`: TOML parse error at line"),
        ("botermarktpoort", "contracts.toml", "lease_signed = 2026-06-10, start = 2026-06-16", "lease_signed = 2026-06-20, start = 2026-06-16", "contract BMP-05: field `agreement`: contract BMP-05: agreement: care starts on 2026-06-16, before the lease was signed on 2026-06-20 (SAW-1)"),
    ];
    for (name, file, from, to, expected) in table {
        let (dir, error) = broken(name, file, |t| replace_once(t, from, to));
        assert!(
            error.contains(expected),
            "{}/{file}:\n  got      {error}\n  expected {expected}",
            dir.display()
        );
        assert!(error.starts_with(&dir.display().to_string()), "{error}");
    }
}

#[test]
fn gaw_6_a_late_price_notice_loads_applies_from_the_30th_day_and_is_warned_of() {
    // GAW-6: a notice naming a date less than 30 days after it is valid; it
    // does not stop the facility's data from loading.
    let (dir, fixture) = edited("antoniushof", "contracts.toml", "late", |t| {
        replace_once(
            t,
            "{ change = \"IDX-2024\", notified_on = 2024-01-30 },",
            "{ change = \"IDX-2024\", notified_on = 2024-02-15, effective_on = 2024-03-01 },",
        )
    });
    let loaded = load_fixture(&fixture);
    std::fs::remove_dir_all(&dir).ok();
    let f = loaded.unwrap();
    let late: Vec<_> = f
        .contracts
        .iter()
        .flat_map(|c| c.late_notices(&f.facility))
        .collect();
    assert_eq!(late.len(), 1, "{late:?}");
    let date = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    assert_eq!(late[0].applies_from, date("2024-03-16"));
    assert!(late[0].to_string().contains("(GAW-6)"), "{}", late[0]);
    let contract = f
        .contracts
        .iter()
        .find(|c| c.id() == late[0].contract)
        .unwrap();
    let price = |day| {
        contract
            .schedule()
            .daily_on(f.facility.tariff(), contract.band(), date(day))
            .unwrap()
            .amount()
    };
    assert!(price("2024-03-15") < price("2024-03-16"));
    // The whole facility still invoices.
    let run = month_end(
        &f.facility,
        &f.contracts,
        &[],
        &MonthEndOptions::new("2024-03".parse().unwrap()),
    );
    assert!(run.failures.is_empty(), "{:?}", run.failures);
}

#[test]
fn a_missing_file_is_named() {
    let Err(error) = load_fixture(Path::new("fixtures/nowhere")) else {
        panic!("loaded nothing")
    };
    // The file is named, and the i/o error kept as its source.
    assert!(
        error
            .to_string()
            .contains("fixtures/nowhere/../reference/cpi.toml"),
        "{error}"
    );
    let source = std::error::Error::source(&error).expect("the i/o error");
    assert!(source.downcast_ref::<std::io::Error>().is_some());
}

/// The fixtures' payments: replayed from January 2026 with statutory
/// interest, each dunning step occurs (GAW-9), the direct-debit payers have
/// mandates (GAW-8, SAW-6), and every cent paid is allocated or credit.
#[test]
fn payments_give_every_dunning_step_and_balance() {
    use care_core::assisted_living::billing::{month_end, Receivables};
    use care_core::receivables::dunning::{DunningLadder, DunningStepKind};
    use care_core::receivables::ledger::statement;
    use std::collections::BTreeSet;

    let mut steps: BTreeSet<DunningStepKind> = BTreeSet::new();
    for name in FIXTURES {
        let dir = root().join("fixtures").join(name);
        let fixture = load_fixture(&dir).unwrap();
        let payments = care_engine::load_payments(&dir, &fixture).unwrap();
        assert!(!payments.is_empty(), "{name}");
        let rates = care_engine::load_interest(&dir).unwrap();
        let receivables = Receivables {
            payments: &payments,
            rates: &rates,
        };
        let mut issued = Vec::new();
        let mut month: BillingMonth = "2026-01".parse().unwrap();
        let end: BillingMonth = "2026-07".parse().unwrap();
        while month <= end {
            let options = MonthEndOptions {
                month,
                since: Some("2026-01".parse().unwrap()),
                receivables: None,
            };
            let run = month_end(
                &fixture.facility,
                &fixture.contracts,
                &issued,
                &MonthEndOptions {
                    receivables: Some(receivables),
                    ..options
                },
            );
            assert!(
                run.failures.is_empty(),
                "{name} {month}: {:?}",
                run.failures
            );
            let mut seq = InvoiceSequence::continue_after(
                &fixture.facility.info().invoice_prefix,
                2026,
                &issued,
            )
            .unwrap();
            issued.extend(
                seq.issue(run.invoices, &IssueOptions::new(month.last_day()))
                    .unwrap(),
            );
            month = month.next();
        }
        for at in ["2026-06-30", "2026-07-10", "2026-07-20"] {
            let at = at.parse().unwrap();
            for contract in &fixture.contracts {
                for payer in &contract.data().payers {
                    let s = statement(
                        &contract.account(&fixture.facility),
                        &payer.id,
                        &issued,
                        &payments,
                        at,
                    )
                    .unwrap();
                    let received: care_core::Money = s.payments.iter().map(|p| p.amount).sum();
                    let allocated: care_core::Money = s.allocations.iter().map(|a| a.amount).sum();
                    assert_eq!(received, allocated + s.credit);
                    steps.extend(DunningLadder::default().status(&s).step);
                }
            }
        }
    }
    let all: BTreeSet<_> = [
        DunningStepKind::SocialWorkerContact,
        DunningStepKind::FirstLetter,
        DunningStepKind::SecondReminder,
        DunningStepKind::FormalNotice,
    ]
    .into();
    assert_eq!(steps, all);
}

#[test]
fn saw_16_the_lease_ended_on_health_grounds_runs_on_until_the_admission_elsewhere() {
    // SAW-16: BMP-08's lease ends on 30 June on the operator's proposal on
    // health grounds; it runs on until the day before her admission at a
    // care home on 13 July.
    use care_core::assisted_living::event::SawGround;
    use care_core::assisted_living::lifecycle::EndReason;
    let fixture = load_fixture(&root().join("fixtures/botermarktpoort")).unwrap();
    let c = fixture
        .contracts
        .iter()
        .find(|c| c.id() == "BMP-08")
        .unwrap();
    let life = c.lifecycle();
    assert_eq!(
        life.last_billable_day(),
        Some("2026-07-12".parse().unwrap())
    );
    assert!(matches!(
        life.end_reason(),
        Some(EndReason::OperatorProposal {
            ground: SawGround::Health,
            ..
        })
    ));
    let totals: Vec<String> = ["2026-07", "2026-08"]
        .iter()
        .map(|month| {
            let run = month_end(
                &fixture.facility,
                std::slice::from_ref(c),
                &[],
                &MonthEndOptions::new(month.parse().unwrap()),
            );
            assert!(run.failures.is_empty(), "{month}: {:?}", run.failures);
            run.invoices
                .iter()
                .map(|i| i.total().to_plain_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(totals, ["47.52", ""]); // 12 July × €3.96, then nothing
}
