//! Month-end for a fixture: prints a summary, writes `invoices.json` and one
//! PDF per invoice.
//!
//! ```text
//! cargo run --example invoice -- --fixture fixtures/antoniushof --month 2026-06 [--out out/]
//!     [--issued out/2026-05/invoices.json]... [--since 2026-01] [--no-pdf]
//! ```
//!
//! The CPI table is read from `reference/cpi.toml` beside the fixture's
//! folder. `--issued` names invoices issued before (repeatable): the run then
//! corrects them where the data changed, and numbers continue after theirs.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use care_core::billing::{month_end, MonthEndOptions};
use care_core::invoice::{Invoice, InvoiceSequence, IssueOptions};
use care_core::{BillingMonth, Money};
use care_docs::{Renderer, Template};
use care_engine::load_fixture;
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
    pdf: bool,
}

const USAGE: &str =
    "usage: invoice --fixture DIR --month YYYY-MM [--out DIR] [--issued FILE]... [--since YYYY-MM] [--no-pdf]";

fn parse_args() -> Result<Args, String> {
    let mut fixture = None;
    let mut month = None;
    let mut out = PathBuf::from("out");
    let mut issued = Vec::new();
    let mut since = None;
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
    let options = MonthEndOptions {
        month: args.month,
        since: args.since,
    };
    let run = month_end(facility, &fixture.contracts, &issued, &options);

    // Month-end invoices are dated on the last day of the month.
    let issue = IssueOptions::new(args.month.last_day());
    let prefix = &facility.info().invoice_prefix;
    let mut sequence = InvoiceSequence::continue_after(prefix, args.month.year(), &issued)
        .map_err(|e| e.to_string())?;
    let invoices = sequence
        .issue(run.invoices.clone(), &issue)
        .map_err(|e| e.to_string())?;

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
        let mut names = h.residents.join(", ");
        if names.chars().count() > 34 {
            names = names.chars().take(33).collect::<String>() + "…";
        }
        let days = h.stay.map_or("-".to_string(), |s| s.days.to_string());
        let kind = format!("{:?}", h.kind).to_lowercase();
        let total = invoice.total().to_string();
        let _ = writeln!(
            report,
            "{:<15} {:<8} {:<12} {:<34} {:>5} {:>12}",
            invoice.number, h.contract, kind, names, days, total
        );
    }
    let total: Money = invoices.iter().map(|i| i.total()).sum();
    let _ = writeln!(
        report,
        "{} invoices, total {total}, due {}",
        invoices.len(),
        issue.due_on()
    );
    for failure in &run.failures {
        let _ = writeln!(
            report,
            "not invoiced: {}: {}",
            failure.contract, failure.error
        );
    }
    print!("{report}");

    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    if args.pdf && !invoices.is_empty() {
        let renderer = Renderer::new();
        let count = invoices.len();
        for (i, invoice) in invoices.iter().enumerate() {
            eprint!("\rrendering {}/{count} {}   ", i + 1, invoice.number);
            let _ = std::io::stderr().flush();
            let contract = fixture
                .contracts
                .iter()
                .find(|c| c.id() == invoice.contract())
                .ok_or_else(|| {
                    format!(
                        "invoice {} names unknown contract {}",
                        invoice.number,
                        invoice.contract()
                    )
                })?;
            let view = care_docs::view::invoice_view(invoice, facility, contract)
                .map_err(|e| e.to_string())?;
            let pdf = renderer
                .pdf(Template::Invoice, &view, &invoice.number)
                .map_err(|e| e.to_string())?;
            write_atomically(&args.out.join(format!("{}.pdf", invoice.number)), &pdf)?;
        }
        eprintln!(
            "\rrendered {count} invoice PDFs into {}",
            args.out.display()
        );
    }
    let json =
        serde_json::to_string_pretty(&InvoicesFile { invoices }).map_err(|e| e.to_string())? + "\n";
    let path = args.out.join("invoices.json");
    write_atomically(&path, json.as_bytes())?;
    println!("wrote {}", path.display());
    if run.failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} contract(s) could not be invoiced",
            run.failures.len()
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
