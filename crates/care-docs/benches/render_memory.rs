//! Rendering memory and speed over many distinct documents in one process:
//! 10,000 distinct invoices (the Antoniushof June invoices, each with a new
//! number, resident and amounts) rendered by one long-lived engine, with
//! the peak resident memory (VmHWM, Linux) and the speed at every 1,000.
//! Then the same documents on all cores with `pdf_all`.
//!
//! ```text
//! cargo bench -p care-docs --bench render_memory [-- COUNT [--one-engine]]
//! ```
//!
//! `--one-engine` stops after the single engine: with `valgrind
//! --tool=callgrind` on the bench binary, the difference between two
//! counts (say 100 and 200) divided by their difference is the machine's
//! instructions an invoice, a figure that does not vary with the VM.
//!
//! Target (issue 8): a flat peak under 150 MiB, at least 100 PDFs a second
//! per core.

mod antoniushof;

use std::num::NonZeroUsize;
use std::time::Instant;

use care_core::assisted_living::billing::{month_end, MonthEndOptions};
use care_core::assisted_living::invoice::{InvoiceSequence, IssueOptions};
use care_docs::view::InvoiceView;
use care_docs::{pdf_all, Document, Renderer, Template};

/// Peak and current resident memory in MiB, from /proc/self/status.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// The `n`-th distinct invoice: a June view with its own number, resident
/// name and amount texts, so nothing of its layout is memoised before.
fn distinct(views: &[InvoiceView], n: usize) -> InvoiceView {
    let mut v = views[n % views.len()].clone();
    v.number = format!("AH-2026-{:05}", n + 1);
    v.residents = vec![format!("Bewoner {n}")];
    v.total = format!("€ {},{:02}", 100 + n, n % 100);
    for share in &mut v.shares {
        share.name = format!("Betaler {n}");
        share.amount = v.total.clone();
    }
    v
}

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let f = antoniushof::antoniushof();
    let month = "2026-06".parse().expect("a month");
    let run = month_end(&f.facility, &f.contracts, &[], &MonthEndOptions::new(month));
    let invoices = InvoiceSequence::new("AH", 2026, 0)
        .issue(run.invoices, &IssueOptions::new(month.last_day()))
        .expect("issued");
    let views: Vec<InvoiceView> = invoices
        .iter()
        .map(|i| {
            let contract = f
                .contracts
                .iter()
                .find(|c| c.id() == i.contract())
                .expect("its contract");
            care_docs::view::invoice_view(i, &f.facility, contract).expect("a view")
        })
        .collect();
    let renderer = Renderer::new();
    let (peak, _) = memory();
    println!("one engine, {count} distinct invoices; after start-up: peak {peak:.0} MiB");
    println!(
        "{:>8} {:>10} {:>10} {:>12}",
        "rendered", "peak MiB", "rss MiB", "PDFs/s (last)"
    );
    let started = Instant::now();
    let mut last = Instant::now();
    let mut bytes = 0usize;
    for n in 0..count {
        let v = distinct(&views, n);
        bytes += renderer
            .pdf(Template::Invoice, &v, &v.number)
            .expect("renders")
            .len();
        if (n + 1) % 1000 == 0 || n + 1 == count {
            let (peak, rss) = memory();
            let done = (n + 1) % 1000;
            let batch = if done == 0 { 1000 } else { done };
            println!(
                "{:>8} {:>10.0} {:>10.0} {:>12.0}",
                n + 1,
                peak,
                rss,
                batch as f64 / last.elapsed().as_secs_f64()
            );
            last = Instant::now();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "one engine: {count} PDFs in {secs:.1} s = {:.0} PDFs/s, {:.1} ms each, {} KiB a PDF",
        count as f64 / secs,
        secs * 1000.0 / count as f64,
        bytes / count / 1024
    );
    if std::env::args().any(|a| a == "--one-engine") {
        return;
    }
    let threads = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
    let many: Vec<InvoiceView> = (0..count.min(2000)).map(|n| distinct(&views, n)).collect();
    let documents: Vec<Document<'_, InvoiceView>> = many
        .iter()
        .map(|v| Document {
            template: Template::Invoice,
            view: v,
            ident: &v.number,
        })
        .collect();
    let started = Instant::now();
    let pdfs = pdf_all(&documents, threads);
    let secs = started.elapsed().as_secs_f64();
    assert!(pdfs.iter().all(Result::is_ok));
    let (peak, _) = memory();
    println!(
        "pdf_all on {threads} threads: {} PDFs in {secs:.1} s = {:.0} PDFs/s; peak {peak:.0} MiB (holding all {} PDFs)",
        documents.len(),
        documents.len() as f64 / secs,
        documents.len()
    );
}
