//! Rendering speed: the month-end invoices of the Antoniushof fixture (June
//! 2026) with one engine built once, and a whole GAW contract with its house
//! rules. Targets: at least 100 invoice PDFs a second on one core; a contract
//! in under 200 ms.

mod antoniushof;

use care_core::assisted_living::billing::{month_end, MonthEndOptions};
use care_core::assisted_living::invoice::{InvoiceSequence, IssueOptions};
use care_docs::{Renderer, Template};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let f = antoniushof::antoniushof();
    let month = "2026-06".parse().unwrap();
    let run = month_end(&f.facility, &f.contracts, &[], &MonthEndOptions::new(month));
    let invoices = InvoiceSequence::new("AH", 2026, 0)
        .issue(run.invoices, &IssueOptions::new(month.last_day()))
        .unwrap();
    let views: Vec<_> = invoices
        .iter()
        .map(|i| {
            let contract = f.contracts.iter().find(|c| c.id() == i.contract()).unwrap();
            care_docs::view::invoice_view(i, &f.facility, contract).unwrap()
        })
        .collect();
    let renderer = Renderer::new();
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.throughput(Throughput::Elements(views.len() as u64));
    // Typst memoises layouts. Every iteration gets invoices it has never
    // seen (a fresh number on each), as in a real month-end, while the
    // engine keeps what it learnt of the templates and fonts.
    let mut round = 0u64;
    group.bench_function("month-end invoices (Antoniushof, June 2026)", |b| {
        b.iter(|| {
            round += 1;
            views
                .iter()
                .map(|v| {
                    let mut fresh = v.clone();
                    fresh.number = format!("{}-{round}", v.number);
                    renderer
                        .pdf(Template::Invoice, &fresh, &fresh.number)
                        .unwrap()
                        .len()
                })
                .sum::<usize>()
        })
    });
    // The first invoices after start-up, with nothing memoised.
    group.bench_function("month-end invoices, cold cache", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            views
                .iter()
                .map(|v| renderer.pdf(Template::Invoice, v, &v.number).unwrap().len())
                .sum::<usize>()
        })
    });
    group.throughput(Throughput::Elements(1));
    let contract = f.contracts.iter().find(|c| c.id() == "AH-001").unwrap();
    let view = care_docs::view::contract_view(contract, &f.facility, None).unwrap();
    group.bench_function("GAW contract with house rules (PDF/A-2b)", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            renderer
                .pdf(Template::GawContract, &view, "AH-001")
                .unwrap()
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
