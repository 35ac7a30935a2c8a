//! Fuzz-style robustness: the fixture parser and month-end fed with mutated
//! and extreme versions of the real fixtures (numbers swapped for huge,
//! tiny, negative or malformed ones, years 0 and 9999, lines dropped or
//! doubled, bytes replaced, files cut short). Whatever comes in, the
//! library answers with a value or an error — never a panic.
//!
//! The suite runs a few hundred cases; `FUZZ_CASES=1000000 cargo test
//! --release -p care-core --test fuzz` runs the long campaign whose figure
//! the README records.

use care_core::assisted_living::billing::{month_end, MonthEndOptions, Receivables};
use care_core::assisted_living::fixture::{
    parse_interest, parse_payments, Fixture, Source, Sources,
};
use care_core::assisted_living::invoice::{InvoiceSequence, IssueOptions};
use care_core::receivables::ledger;
use care_core::BillingMonth;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const CPI: &str = include_str!("../../../fixtures/reference/cpi.toml");
const INTEREST: &str = include_str!("../../../fixtures/reference/interest.toml");
const SETS: [[&str; 3]; 2] = [
    [
        include_str!("../../../fixtures/antoniushof/facility.toml"),
        include_str!("../../../fixtures/antoniushof/contracts.toml"),
        include_str!("../../../fixtures/antoniushof/payments.toml"),
    ],
    [
        include_str!("../../../fixtures/botermarktpoort/facility.toml"),
        include_str!("../../../fixtures/botermarktpoort/contracts.toml"),
        include_str!("../../../fixtures/botermarktpoort/payments.toml"),
    ],
];

/// Values a number in the data may be replaced with.
const EXTREMES: [&str; 16] = [
    "0",
    "-1",
    "9999",
    "0000",
    "12",
    "31",
    "100000000000000000000000000", // 10^26
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "0.0000000000000000000000000001",
    "99999999999.99",
    "1e26",
    "-0",
    "4294967296",
    "18446744073709551616",
    "",
];

/// One change to one file of a data set.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the `n`-th run of digits with an extreme value.
    Number(usize, usize),
    /// Drop the `n`-th line.
    DropLine(usize),
    /// Write the `n`-th line twice.
    DoubleLine(usize),
    /// Replace the byte at `n` (kept valid UTF-8: a char is replaced whole).
    Char(usize, char),
    /// Cut the file at `n`.
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<usize>(), 0..EXTREMES.len()).prop_map(|(n, v)| Mutation::Number(n, v)),
        1 => any::<usize>().prop_map(Mutation::DropLine),
        1 => any::<usize>().prop_map(Mutation::DoubleLine),
        1 => (any::<usize>(), any::<char>()).prop_map(|(n, c)| Mutation::Char(n, c)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    match *m {
        Mutation::Number(n, v) => {
            let mut runs = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices() {
                match (c.is_ascii_digit(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        runs.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            if runs.is_empty() {
                return text.to_string();
            }
            let (s, e) = runs[n % runs.len()];
            format!("{}{}{}", &text[..s], EXTREMES[v], &text[e..])
        }
        Mutation::DropLine(n) | Mutation::DoubleLine(n) => {
            let lines: Vec<&str> = text.lines().collect();
            if lines.is_empty() {
                return String::new();
            }
            let k = n % lines.len();
            let mut out = Vec::with_capacity(lines.len() + 1);
            for (i, line) in lines.iter().enumerate() {
                if i != k || matches!(m, Mutation::DoubleLine(_)) {
                    out.push(*line);
                }
                if i == k && matches!(m, Mutation::DoubleLine(_)) {
                    out.push(*line);
                }
            }
            out.join("\n")
        }
        Mutation::Char(n, c) => {
            let Some((i, old)) = text.char_indices().nth(n % text.chars().count().max(1)) else {
                return text.to_string();
            };
            format!("{}{c}{}", &text[..i], &text[i + old.len_utf8()..])
        }
        Mutation::Truncate(n) => {
            let mut k = n % (text.len() + 1);
            while !text.is_char_boundary(k) {
                k -= 1;
            }
            text[..k].to_string()
        }
    }
}

/// Parses a mutated data set and, when it parses, runs month-end with
/// payments and interest over a few months, issues, and draws statements.
fn exercise(set: usize, file: usize, mutations: &[Mutation], month: BillingMonth) {
    let mut texts = [
        CPI.to_string(),
        SETS[set][0].to_string(),
        SETS[set][1].to_string(),
        SETS[set][2].to_string(),
        INTEREST.to_string(),
    ];
    for m in mutations {
        texts[file] = apply(&texts[file], m);
    }
    let Ok(fixture) = Fixture::parse(Sources {
        cpi: Source {
            name: "cpi.toml",
            text: &texts[0],
        },
        facility: Source {
            name: "facility.toml",
            text: &texts[1],
        },
        contracts: Source {
            name: "contracts.toml",
            text: &texts[2],
        },
    }) else {
        return;
    };
    let payments = parse_payments(
        Source {
            name: "payments.toml",
            text: &texts[3],
        },
        &fixture.contracts,
    )
    .unwrap_or_default();
    let Ok(rates) = parse_interest(Source {
        name: "interest.toml",
        text: &texts[4],
    }) else {
        return;
    };
    let receivables = Receivables {
        payments: &payments,
        rates: &rates,
    };
    let mut issued = Vec::new();
    let mut m = month;
    for _ in 0..3 {
        let run = month_end(
            &fixture.facility,
            &fixture.contracts,
            &issued,
            &MonthEndOptions {
                receivables: Some(receivables),
                ..MonthEndOptions::new(m)
            },
        );
        let _ = run.total();
        if let Ok(mut numbers) = InvoiceSequence::continue_after("FZ", m.year(), &issued) {
            if let Ok(mut new) = numbers.issue(run.invoices, &IssueOptions::new(m.last_day())) {
                issued.append(&mut new);
            }
        }
        for contract in &fixture.contracts {
            for payer in &contract.data().payers {
                let _ = ledger::statement(
                    &contract.account(&fixture.facility),
                    &payer.id,
                    &issued,
                    &payments,
                    m.last_day(),
                );
            }
        }
        if m.year() >= 9999 && m.month() == 12 {
            break;
        }
        m = m.next();
    }
}

fn month() -> impl Strategy<Value = BillingMonth> {
    prop_oneof![
        8 => (2025i32..=2027, 1u32..=12),
        1 => Just((9999, 12)),
        1 => Just((1, 1)),
    ]
    .prop_map(|(y, m)| BillingMonth::new(y, m).unwrap())
}

#[test]
fn no_input_makes_the_parser_or_month_end_panic() {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        0..2usize,
        0..5usize,
        prop::collection::vec(mutation(), 1..4),
        month(),
    );
    let result = runner.run(&strategy, |(set, file, mutations, month)| {
        exercise(set, file, &mutations, month);
        Ok(())
    });
    if let Err(e) = result {
        panic!("a panic on mutated input: {e}");
    }
    eprintln!("fuzz: {cases} cases, 0 crashes");
}

#[test]
fn the_issue_case_a_huge_quantity_in_december_9999() {
    // 10^26 meals in December 9999: an error naming the contract and the
    // line, never "Multiplication overflowed".
    let contracts = SETS[0][1].replacen(
        "{ id = \"m-0603\", code = \"hot_meal\", on = 2026-06-03, quantity = \"5\" }",
        "{ id = \"m-0603\", code = \"hot_meal\", on = 9999-12-03, quantity = \"100000000000000000000000000\" }",
        1,
    );
    assert_ne!(contracts, SETS[0][1]);
    let result = Fixture::parse(Sources {
        cpi: Source {
            name: "cpi.toml",
            text: CPI,
        },
        facility: Source {
            name: "facility.toml",
            text: SETS[0][0],
        },
        contracts: Source {
            name: "contracts.toml",
            text: &contracts,
        },
    });
    match result {
        Err(e) => {
            let text = e.to_string();
            assert!(text.contains("m-0603"), "{text}");
        }
        Ok(fixture) => {
            let run = month_end(
                &fixture.facility,
                &fixture.contracts,
                &[],
                &MonthEndOptions::new(BillingMonth::new(9999, 12).unwrap()),
            );
            assert!(!run.failures.is_empty());
        }
    }
}
