//! Month-end for a fixture: prints a summary, each payer's balance and
//! dunning step, writes `invoices.json`, the SEPA direct debit batch
//! `direct-debit.xml` (pain.008.001.02) and one PDF per invoice.
//!
//! ```text
//! cargo run --example invoice -- --fixture fixtures/antoniushof --month 2026-06 [--out out/]
//!     [--from 2026-01] [--issued out/2026-05/invoices.json]... [--since 2026-01] [--no-pdf]
//! ```
//!
//! The CPI and statutory interest tables are read from `reference/` beside
//! the fixture's folder, the payments from `payments.toml` in it. `--from`
//! replays month-end from that month on, issuing each month, as an operator
//! would have (so balances, interest and dunning have a history); only the
//! last month is written. `--issued` names invoices issued before
//! (repeatable): the run then corrects them where the data changed, and
//! numbers continue after theirs.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use care_core::assisted_living::billing::{month_end, MonthEndOptions, Receivables};
use care_core::assisted_living::collection::{collections_for, CollectionOptions};
use care_core::assisted_living::deposit::Deposit;
use care_core::assisted_living::invoice::{Invoice, InvoiceSequence, IssueOptions};
use care_core::assisted_living::settlement::{final_settlement, SettlementOptions};
use care_core::receivables::dunning::{DunningLadder, DunningStepKind};
use care_core::receivables::ledger::statement;
use care_core::receivables::sepa::{pain_008, BatchOptions};
use care_core::{BillingMonth, Money};
use care_docs::{Renderer, Template};
use care_engine::{load_deposit_interest, load_fixture, load_interest, load_payments};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct InvoicesFile {
    invoices: Vec<Invoice>,
}

struct Args {
    fixture: PathBuf,
    month: BillingMonth,
    out: PathBuf,
    issued: Vec<PathBuf>,
    since: Option<BillingMonth>,
    from: Option<BillingMonth>,
    pdf: bool,
}

const USAGE: &str =
    "usage: invoice --fixture DIR --month YYYY-MM [--out DIR] [--issued FILE]... [--from YYYY-MM] [--since YYYY-MM] [--no-pdf]";

fn parse_args() -> Result<Args, String> {
    let mut fixture = None;
    let mut month = None;
    let mut out = PathBuf::from("out");
    let mut issued = Vec::new();
    let mut since = None;
    let mut from = None;
    let mut pdf = true;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--fixture" => fixture = Some(PathBuf::from(value()?)),
            "--month" => {
                month = Some(
                    value()?
                        .parse::<BillingMonth>()
                        .map_err(|e| e.to_string())?,
                )
            }
            "--out" => out = PathBuf::from(value()?),
            "--issued" => issued.push(PathBuf::from(value()?)),
            "--since" => {
                since = Some(
                    value()?
                        .parse::<BillingMonth>()
                        .map_err(|e| e.to_string())?,
                )
            }
            "--from" => {
                from = Some(
                    value()?
                        .parse::<BillingMonth>()
                        .map_err(|e| e.to_string())?,
                )
            }
            "--no-pdf" => pdf = false,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(Args {
        fixture: fixture.ok_or_else(|| format!("--fixture is required\n{USAGE}"))?,
        month: month.ok_or_else(|| format!("--month is required\n{USAGE}"))?,
        out,
        issued,
        since,
        from,
        pdf,
    })
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes beside, then renames: a failed run never leaves half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::rename(&partial, path).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let fixture = load_fixture(&args.fixture)?;
    let mut issued = Vec::new();
    for path in &args.issued {
        let file: InvoicesFile =
            serde_json::from_str(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?;
        issued.extend(file.invoices);
    }
    let facility = &fixture.facility;
    let all_payments = load_payments(&args.fixture, &fixture)?;
    let rates = load_interest(&args.fixture)?;
    let from = args.from.unwrap_or(args.month);
    if from > args.month {
        return Err(format!("--from {from} is after --month {}", args.month));
    }
    // The books this run reads: the invoices passed in and those it issues
    // from --from on. What came before them is taken as settled; without
    // --from, --since or --issued the run reads nothing before the month.
    let books_start = issued
        .iter()
        .filter(|i| i.header().issuer == facility.id())
        .map(|i| i.month())
        .chain([from])
        .chain(args.since)
        .min()
        .unwrap_or(from);
    let books_asserted = args.from.is_some() || args.since.is_some() || !issued.is_empty();
    let prefix = &facility.info().invoice_prefix;
    // Month-end invoices are dated on the last day of the month.
    let issue = IssueOptions::new(args.month.last_day());
    let mut failures = Vec::new();
    let mut previous = issued.clone();
    let mut invoices = Vec::new();
    let mut month = from;
    // Only payments of the books (see care_core::receivables::ledger::payments_in_books),
    // so no balance, interest or letter depends on history the run did not
    // read.
    let payment_code = facility.info().payment_code;
    while month <= args.month {
        let (payments, _) = care_core::receivables::ledger::payments_in_books(
            &all_payments,
            &issued,
            books_start.first_day(),
            month.last_day(),
            payment_code,
        );
        let receivables = Receivables {
            payments: &payments,
            rates: &rates,
        };
        // The window starts with the books, so --issued alone finds late
        // events in any month it holds.
        let options = MonthEndOptions {
            month,
            since: Some(books_start),
            receivables: None,
        };
        let run = month_end(
            facility,
            &fixture.contracts,
            &issued,
            &MonthEndOptions {
                receivables: Some(receivables),
                ..options
            },
        );
        let mut sequence = InvoiceSequence::continue_after(prefix, month.year(), &issued)
            .map_err(|e| e.to_string())?;
        let new = sequence
            .issue(run.invoices, &IssueOptions::new(month.last_day()))
            .map_err(|e| e.to_string())?;
        if month == args.month {
            previous = issued.clone();
            invoices = new.clone();
            failures = run.failures;
        }
        issued.extend(new);
        month = month.next();
    }
    let (payments, left_out) = care_core::receivables::ledger::payments_in_books(
        &all_payments,
        &issued,
        books_start.first_day(),
        args.month.last_day(),
        payment_code,
    );
    // Letters and settlements only for contracts whose whole history is in
    // the books (or whose earlier history the clerk asserts settled by
    // passing --from, --since or --issued).
    let history_read = |contract: &care_core::Contract| {
        books_asserted || contract.lifecycle().start() >= books_start.first_day()
    };

    let mut report = String::new();
    let _ = writeln!(
        report,
        "{} — month-end {}",
        facility.info().name,
        args.month
    );
    let _ = writeln!(
        report,
        "{:<15} {:<8} {:<12} {:<34} {:>5} {:>12}",
        "invoice", "contract", "kind", "residents", "days", "total"
    );
    for invoice in &invoices {
        let h = invoice.header();
        let mut names = h.details.residents.join(", ");
        if names.chars().count() > 34 {
            names = names.chars().take(33).collect::<String>() + "…";
        }
        let days = h
            .details
            .stay
            .map_or("-".to_string(), |s| s.days.to_string());
        let kind = format!("{:?}", h.kind).to_lowercase();
        let total = invoice.total().to_string();
        let _ = writeln!(
            report,
            "{:<15} {:<8} {:<12} {:<34} {:>5} {:>12}",
            invoice.number(),
            h.contract,
            kind,
            names,
            days,
            total
        );
    }
    let total: Money = invoices.iter().map(|i| i.total()).sum();
    let _ = writeln!(
        report,
        "{} invoices, total {total}, due {}",
        invoices.len(),
        issue.due_on()
    );
    for failure in &failures {
        let _ = writeln!(
            report,
            "not invoiced: {}: {}",
            failure.contract, failure.error
        );
    }
    // Each payer's balance and dunning step on the last day of the month.
    let at = args.month.last_day();
    let ladder = DunningLadder::default();
    let mut letters = Vec::new();
    let _ = writeln!(
        report,
        "\nbalances on {at}, from the books since {books_start} ({} payments read, {} left out: before the books or paying an invoice they do not hold)",
        payments.len(),
        left_out.len()
    );
    let _ = writeln!(
        report,
        "{:<8} {:<34} {:>12} {:>10}  dunning",
        "contract", "payer", "balance", "credit"
    );
    for contract in &fixture.contracts {
        for payer in &contract.data().payers {
            let s = statement(
                &contract.account(facility),
                &payer.id,
                &issued,
                &payments,
                at,
            )
            .map_err(|e| e.to_string())?;
            if s.items.is_empty() && s.payments.is_empty() {
                continue;
            }
            let status = ladder.status(&s);
            if status
                .step
                .is_some_and(|k| k != DunningStepKind::SocialWorkerContact)
                && history_read(contract)
            {
                letters.push((contract, s.clone(), status.clone()));
            }
            let step = match (status.step, status.since) {
                (Some(step), Some(since)) => format!(
                    "{step:?} since {since} ({} invoices)",
                    status.invoices.len()
                ),
                _ => "-".to_string(),
            };
            let mut name = payer.name.clone();
            if name.chars().count() > 34 {
                name = name.chars().take(33).collect::<String>() + "…";
            }
            let _ = writeln!(
                report,
                "{:<8} {:<34} {:>12} {:>10}  {step}",
                contract.id(),
                name,
                s.balance.to_string(),
                s.credit.to_string()
            );
            for note in &s.notes {
                let _ = writeln!(report, "         note: {}: {}", note.payment, note.note);
            }
        }
    }
    print!("{report}");
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;

    // The issued invoices first: a document that fails to render later
    // never loses what was issued.
    let json = serde_json::to_string_pretty(&InvoicesFile {
        invoices: invoices.clone(),
    })
    .map_err(|e| e.to_string())?
        + "\n";
    let path = args.out.join("invoices.json");
    write_atomically(&path, json.as_bytes())?;
    println!("wrote {}", path.display());

    // SEPA direct debits for the month's invoices, collected on the 10th.
    let collections = collections_for(
        facility,
        &fixture.contracts,
        &invoices,
        &CollectionOptions {
            previous: &previous,
            payments: &payments,
            closing: &[],
        },
    )
    .map_err(|e| e.to_string())?;
    let operator = &facility.info().operator;
    if !collections.is_empty() && operator.creditor_id.is_some() {
        // GAW-8a: 14 days after the invoice for GAW, the 10th for SAW.
        let options = BatchOptions::for_facility(
            facility,
            &format!("{prefix}-DD-{}", args.month),
            at.and_hms_opt(18, 0, 0).unwrap_or_default(),
            at,
        )
        .map_err(|e| e.to_string())?;
        let xml = pain_008(&options, &collections).map_err(|e| e.to_string())?;
        let path = args.out.join("direct-debit.xml");
        write_atomically(&path, xml.as_bytes())?;
        let total: Money = collections.iter().map(|c| c.amount).sum();
        println!(
            "wrote {} ({} collections, {total})",
            path.display(),
            collections.len()
        );
    }

    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    if args.pdf {
        let renderer = Renderer::new();
        // Dunning letters for the payers at a letter's step (GAW-9).
        for (contract, s, status) in &letters {
            // Statutory interest is charged on the month-end invoices themselves.
            let view = care_docs::view::dunning_letter_view(status, s, facility, contract, None)
                .map_err(|e| e.to_string())?;
            let name = format!("dunning-{}-{}.pdf", contract.id(), s.payer);
            let pdf = renderer
                .pdf(Template::Dunning, &view, &name)
                .map_err(|e| e.to_string())?;
            write_atomically(&args.out.join(&name), &pdf)?;
            println!("wrote {} ({})", args.out.join(&name).display(), view.title);
        }
        // Final settlements of the contracts that ended this month. The
        // fixtures record no deposit payment day: the day before admission.
        let deposit_rates = load_deposit_interest(&args.fixture)?;
        for contract in &fixture.contracts {
            let life = contract.lifecycle();
            let Some(end) = life
                .cancellation()
                .map(|c| c.on)
                .or(life.last_billable_day())
            else {
                continue;
            };
            if care_core::BillingMonth::of(end) != args.month {
                continue;
            }
            if !history_read(contract) {
                println!(
                    "no settlement for {}: its stay began on {}, before the books this run read ({books_start}); pass --from or --issued",
                    contract.id(),
                    life.start()
                );
                continue;
            }
            let mut statements = Vec::new();
            for payer in &contract.data().payers {
                statements.push(
                    statement(
                        &contract.account(facility),
                        &payer.id,
                        &issued,
                        &payments,
                        at,
                    )
                    .map_err(|e| e.to_string())?,
                );
            }
            let deposit = match (contract.deposit(), life.cancellation()) {
                (Some(_), None) => {
                    let paid_on = life.start().pred_opt().unwrap_or(life.start());
                    let deposit = Deposit::of(contract, paid_on).map_err(|e| e.to_string())?;
                    Some(
                        deposit
                            .release(at, &deposit_rates, Vec::new())
                            .map_err(|e| e.to_string())?,
                    )
                }
                _ => None,
            };
            let options = SettlementOptions {
                statements,
                deposit,
                ..SettlementOptions::default()
            };
            let settlement = final_settlement(contract, at, &options).map_err(|e| e.to_string())?;
            let view = care_docs::view::final_settlement_view(&settlement, facility, contract);
            let name = format!("settlement-{}.pdf", contract.id());
            let pdf = renderer
                .pdf(Template::Settlement, &view, &name)
                .map_err(|e| e.to_string())?;
            write_atomically(&args.out.join(&name), &pdf)?;
            println!(
                "wrote {} ({})",
                args.out.join(&name).display(),
                view.conclusion
            );
        }
    }
    if args.pdf && !invoices.is_empty() {
        let renderer = Renderer::new();
        let count = invoices.len();
        for (i, invoice) in invoices.iter().enumerate() {
            eprint!("\rrendering {}/{count} {}   ", i + 1, invoice.number());
            let _ = std::io::stderr().flush();
            let contract = fixture
                .contracts
                .iter()
                .find(|c| c.id() == invoice.contract())
                .ok_or_else(|| {
                    format!(
                        "invoice {} names unknown contract {}",
                        invoice.number(),
                        invoice.contract()
                    )
                })?;
            // One document per payer, addressed to it (GAW-7).
            let copies = care_docs::view::payer_invoice_views(invoice, facility, contract)
                .map_err(|e| e.to_string())?;
            for (payer, view) in copies {
                let view = view.with_collections(invoice.number(), &collections);
                let name = format!("{}-{payer}", invoice.number());
                let pdf = renderer
                    .pdf(Template::Invoice, &view, &name)
                    .map_err(|e| e.to_string())?;
                write_atomically(&args.out.join(format!("{name}.pdf")), &pdf)?;
            }
        }
        eprintln!(
            "\rrendered {count} invoice PDFs into {}",
            args.out.display()
        );
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} contract(s) could not be invoiced",
            failures.len()
        ))
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
