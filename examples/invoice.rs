//! Month close for a fixture: reads the files, calls
//! [`care_core::assisted_living::month_close::month_close`], prints a
//! summary and each payer's balance and dunning step, and writes
//! `invoices.json` (first), the SEPA batch `direct-debit.xml`
//! (pain.008.001.02), one PDF per payer of each invoice, and the dunning
//! letters, price notices and final settlements due.
//!
//! ```text
//! cargo run --example invoice -- --fixture fixtures/antoniushof --month 2026-06 [--out out/]
//!     [--from 2026-01] [--issued out/2026-05/invoices.json]... [--since 2026-01] [--no-pdf]
//! ```
//!
//! Everything a service would need is the library call; this file only
//! reads, writes and prints.

use std::error::Error;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use care_core::assisted_living::invoice::Invoice;
use care_core::assisted_living::month_close::{month_close, MonthClose, MonthCloseOptions};
use care_core::{BillingMonth, Contract, Facility, Money};
use care_docs::{pdf_each, Document, Renderer, Template};
use care_engine::{load_deposit_interest, load_fixture, load_interest, load_payments};
use clap::Parser;
use serde::{Deserialize, Serialize};

/// Month close for one facility's fixture folder.
///
/// The CPI and statutory interest tables are read from `reference/` beside
/// the fixture's folder, the payments from `payments.toml` in it.
#[derive(Parser)]
#[command(name = "invoice")]
struct Args {
    /// The fixture folder, such as `fixtures/antoniushof`.
    #[arg(long)]
    fixture: PathBuf,
    /// The month to close, YYYY-MM.
    #[arg(long)]
    month: BillingMonth,
    /// Where to write invoices.json, direct-debit.xml and the PDFs.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Replays month-end from this month on, issuing each month as the
    /// operator would have (so balances, interest and dunning have a
    /// history); only the last month is written.
    #[arg(long)]
    from: Option<BillingMonth>,
    /// An invoices.json of invoices issued before (repeatable): the run
    /// corrects them where the data changed, and numbers continue after
    /// theirs.
    #[arg(long)]
    issued: Vec<PathBuf>,
    /// Everything before this month is settled: the books start here at
    /// the latest.
    #[arg(long)]
    since: Option<BillingMonth>,
    /// Writes no PDF.
    #[arg(long)]
    no_pdf: bool,
}

#[derive(Serialize, Deserialize)]
struct InvoicesFile {
    invoices: Vec<Invoice>,
}

/// Writes beside, then renames: a failed run never leaves half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Box<dyn Error>> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::rename(&partial, path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(())
}

fn write_pdf<V: Serialize>(
    renderer: &Renderer,
    out: &Path,
    template: Template,
    view: &V,
    name: &str,
) -> Result<(), Box<dyn Error>> {
    let pdf = renderer.pdf(template, view, name)?;
    write_atomically(&out.join(name), &pdf)
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() > width {
        text.chars().take(width - 1).collect::<String>() + "…"
    } else {
        text.to_string()
    }
}

fn report(facility: &Facility, contracts: &[Contract], close: &MonthClose) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — month-end {}", facility.info().name, close.month);
    let _ = writeln!(
        out,
        "{:<15} {:<8} {:<12} {:<34} {:>5} {:>12}",
        "invoice", "contract", "kind", "residents", "days", "total"
    );
    for invoice in &close.invoices {
        let h = invoice.header();
        let days = h
            .details
            .stay
            .map_or("-".to_string(), |s| s.days.to_string());
        let _ = writeln!(
            out,
            "{:<15} {:<8} {:<12} {:<34} {:>5} {:>12}",
            invoice.number(),
            h.contract,
            format!("{:?}", h.kind).to_lowercase(),
            clip(&h.details.residents.join(", "), 34),
            days,
            invoice.total().to_string()
        );
    }
    let total: Money = close.invoices.iter().map(|i| i.total()).sum();
    let due = close
        .invoices
        .first()
        .map(|i| i.due_on().to_string())
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} invoices, total {total}, due {due}",
        close.invoices.len()
    );
    for failure in &close.failures {
        let _ = writeln!(
            out,
            "not invoiced: {}: {}",
            failure.contract,
            failure.error.chain()
        );
    }
    for late in &close.late_notices {
        let _ = writeln!(out, "warning: {late}");
    }
    let at = close.month.last_day();
    let _ = writeln!(
        out,
        "\nbalances on {at}, from the books since {} ({} payments read, {} left out: before the books or paying an invoice they do not hold)",
        close.books_start,
        close.payments_read.len(),
        close.payments_left_out.len()
    );
    let _ = writeln!(
        out,
        "{:<8} {:<34} {:>12} {:>10}  dunning",
        "contract", "payer", "balance", "credit"
    );
    for s in &close.statements {
        let name = contracts
            .iter()
            .find(|c| c.id() == s.contract)
            .and_then(|c| c.payers().iter().find(|p| p.id == s.payer))
            .map_or_else(|| s.payer.to_string(), |p| p.name.clone());
        let status = care_core::receivables::dunning::DunningLadder::default().status(s);
        let step = match (status.step, status.since) {
            (Some(step), Some(since)) => format!(
                "{step:?} since {since} ({} invoices)",
                status.invoices.len()
            ),
            _ => "-".to_string(),
        };
        let _ = writeln!(
            out,
            "{:<8} {:<34} {:>12} {:>10}  {step}",
            s.contract,
            clip(&name, 34),
            s.balance.to_string(),
            s.credit.to_string()
        );
        for note in &s.notes {
            let _ = writeln!(out, "         note: {}: {}", note.payment, note.note);
        }
    }
    for w in &close.withheld {
        let _ = writeln!(out, "no settlement for {}: {}", w.contract, w.reason);
    }
    out
}

fn run() -> Result<bool, Box<dyn Error>> {
    let args = Args::parse();
    let fixture = load_fixture(&args.fixture)?;
    let mut issued = Vec::new();
    for path in &args.issued {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: InvoicesFile =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        issued.extend(file.invoices);
    }
    let payments = load_payments(&args.fixture, &fixture)?;
    let rates = load_interest(&args.fixture)?;
    let deposit_rates = load_deposit_interest(&args.fixture)?;
    if let Some(from) = args.from.filter(|f| *f > args.month) {
        return Err(format!("--from {from} is after --month {}", args.month).into());
    }
    let facility = &fixture.facility;
    let close = month_close(
        facility,
        &fixture.contracts,
        &MonthCloseOptions {
            from: args.from,
            since: args.since,
            issued: &issued,
            payments: &payments,
            deposit_rates: Some(&deposit_rates),
            ..MonthCloseOptions::new(args.month, &rates)
        },
    )?;
    print!("{}", report(facility, &fixture.contracts, &close));
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;

    // The issued invoices first: a document that fails to render later
    // never loses what was issued.
    let json = serde_json::to_string_pretty(&InvoicesFile {
        invoices: close.invoices.clone(),
    })? + "\n";
    let path = args.out.join("invoices.json");
    write_atomically(&path, json.as_bytes())?;
    println!("wrote {}", path.display());
    let collections = close
        .direct_debit
        .as_ref()
        .map_or(&[][..], |b| &b.collections[..]);
    if let Some(batch) = &close.direct_debit {
        let path = args.out.join("direct-debit.xml");
        write_atomically(&path, batch.xml()?.as_bytes())?;
        let total: Money = collections.iter().map(|c| c.amount).sum();
        println!(
            "wrote {} ({} collections, {total})",
            path.display(),
            collections.len()
        );
    }
    if args.no_pdf {
        return Ok(close.failures.is_empty());
    }
    let contract = |id: &care_core::ContractId| {
        fixture
            .contracts
            .iter()
            .find(|c| c.id() == id)
            .ok_or_else(|| format!("unknown contract {id}"))
    };
    let renderer = Renderer::new();
    for letter in &close.dunning_letters {
        let c = contract(&letter.contract)?;
        let view = care_docs::view::dunning_letter_view(
            &letter.status,
            &letter.statement,
            facility,
            c,
            None,
        )?;
        let name = format!("dunning-{}-{}.pdf", c.id(), letter.statement.payer);
        write_pdf(&renderer, &args.out, Template::Dunning, &view, &name)?;
        println!("wrote {} ({})", args.out.join(&name).display(), view.title);
    }
    for letter in &close.price_notices {
        let c = contract(&letter.contract)?;
        let view = care_docs::view::price_notice_view(c, facility, &letter.notice)?;
        let name = format!("price-notice-{}-{}.pdf", c.id(), letter.notice.change);
        write_pdf(&renderer, &args.out, Template::PriceNotice, &view, &name)?;
        println!("wrote {}", args.out.join(&name).display());
    }
    for settlement in &close.settlements {
        let c = contract(&settlement.contract)?;
        let view = care_docs::view::final_settlement_view(settlement, facility, c);
        let name = format!("settlement-{}.pdf", c.id());
        write_pdf(&renderer, &args.out, Template::Settlement, &view, &name)?;
        println!(
            "wrote {} ({}: {})",
            args.out.join(&name).display(),
            view.title,
            view.conclusion
        );
        for pending in &settlement.pending {
            println!("         provisional: {pending}");
        }
    }
    // One document per payer, addressed to it (GAW-7), rendered on all
    // cores: the same bytes as one engine alone.
    let mut copies = Vec::new();
    for invoice in &close.invoices {
        for (payer, view) in
            care_docs::view::payer_invoice_views(invoice, facility, contract(invoice.contract())?)?
        {
            let name = format!("{}-{payer}.pdf", invoice.number());
            copies.push((name, view.with_collections(invoice.number(), collections)));
        }
    }
    let documents: Vec<Document<'_, _>> = copies
        .iter()
        .map(|(name, view)| Document {
            template: Template::Invoice,
            view,
            ident: name.trim_end_matches(".pdf"),
        })
        .collect();
    if documents.is_empty() {
        eprintln!("no invoices to render");
        return Ok(close.failures.is_empty());
    }
    let threads = std::thread::available_parallelism().unwrap_or(std::num::NonZeroUsize::MIN);
    eprint!(
        "rendering {} invoice PDFs on {threads} threads… ",
        documents.len()
    );
    let _ = std::io::stderr().flush();
    // Each PDF is written as soon as it is made: memory holds a few at a
    // time, however large the month.
    pdf_each(&documents, threads, |index, pdf| {
        write_atomically(&args.out.join(&copies[index].0), &pdf?)
    })?;
    eprintln!(
        "rendered {} invoice PDFs into {}",
        copies.len(),
        args.out.display()
    );
    Ok(close.failures.is_empty())
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("error: some contracts could not be invoiced (see above)");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {}", care_engine::error_chain(error.as_ref()));
            ExitCode::FAILURE
        }
    }
}
