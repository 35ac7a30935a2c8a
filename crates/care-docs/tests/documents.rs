//! Every document, rendered from the fixtures: the key figures are in the
//! text, data is printed literally, output is reproducible, contracts are
//! PDF/A-2b, and template errors carry Typst's diagnostics.

use care_core::assisted_living::billing::{month_end, MonthEndOptions};
use care_core::assisted_living::fixture::{Fixture, Source, Sources};
use care_core::assisted_living::indexation::PriceNotice;
use care_core::assisted_living::invoice::{Invoice, InvoiceSequence, IssueOptions};
use care_docs::view;
use care_docs::{document_text, Error, Renderer, Template};
use chrono::NaiveDate;
use std::sync::OnceLock;

fn renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(Renderer::new)
}

fn fixture(name: &str) -> Fixture {
    let (facility, contracts) = match name {
        "antoniushof" => (
            include_str!("../../../fixtures/antoniushof/facility.toml"),
            include_str!("../../../fixtures/antoniushof/contracts.toml"),
        ),
        _ => (
            include_str!("../../../fixtures/botermarktpoort/facility.toml"),
            include_str!("../../../fixtures/botermarktpoort/contracts.toml"),
        ),
    };
    Fixture::parse(Sources {
        cpi: Source {
            name: "cpi.toml",
            text: include_str!("../../../fixtures/reference/cpi.toml"),
        },
        facility: Source {
            name: "facility.toml",
            text: facility,
        },
        contracts: Source {
            name: "contracts.toml",
            text: contracts,
        },
    })
    .unwrap()
}

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn june_invoices(f: &Fixture) -> Vec<Invoice> {
    let month = "2026-06".parse().unwrap();
    let run = month_end(&f.facility, &f.contracts, &[], &MonthEndOptions::new(month));
    let mut seq = InvoiceSequence::new(&f.facility.info().invoice_prefix, 2026, 0);
    seq.issue(run.invoices, &IssueOptions::new(d("2026-06-30")))
        .unwrap()
}

/// The worked example of GAW-15 with a meal, on the sample data.
fn gaw_15_view() -> view::InvoiceView {
    use care_core::assisted_living::billing::{invoice_contract, MonthEndOptions};
    use care_core::assisted_living::contract::ExtraCharge;
    use care_core::assisted_living::event::Event;
    use care_core::assisted_living::invoice::{InvoiceSequence, IssueOptions};
    use chrono::NaiveDate;
    // ok: fixed sample data, valid by construction (tested).
    let build = || -> Result<view::InvoiceView, Box<dyn std::error::Error>> {
        let facility = care_core::sample::antoniushof_2020()?;
        let mut contract =
            care_core::sample::gaw_contract(&facility, "AH-015", "B01", "2025-01-01")?;
        let d = |day| NaiveDate::from_ymd_opt(2026, 6, day).ok_or("date");
        contract.add_extra(
            ExtraCharge {
                id: "m1".into(),
                code: "hot_meal".into(),
                on: d(8)?,
                quantity: 2.into(),
                unit_price: None,
                note: None,
            },
            &facility,
        )?;
        contract.record(
            Event::Death {
                resident: "r1".into(),
                on: d(10)?,
            },
            &facility,
        )?;
        contract.record(Event::KeysReturned { on: d(13)? }, &facility)?;
        let month = "2026-06".parse()?;
        let drafts = invoice_contract(&facility, &contract, &[], &MonthEndOptions::new(month))?;
        let mut seq = InvoiceSequence::new("AH", 2026, 41);
        let invoice = seq.issue(drafts, &IssueOptions::new(d(30)?))?.remove(0);
        Ok(view::invoice_view(&invoice, &facility, &contract)?)
    };
    build().expect("sample data is valid") // ok: fixed data, covered by tests
}

/// Antoniushof's books replayed January – June 2026 with its payments, as a
/// month close gives them.
fn replay() -> &'static (Fixture, care_core::assisted_living::month_close::MonthClose) {
    use care_core::assisted_living::fixture::{parse_interest, parse_payments};
    use care_core::assisted_living::month_close::{month_close, MonthCloseOptions};
    static REPLAY: OnceLock<(Fixture, care_core::assisted_living::month_close::MonthClose)> =
        OnceLock::new();
    REPLAY.get_or_init(|| {
        let f = fixture("antoniushof");
        let source = |name, text| Source { name, text };
        let payments = parse_payments(
            source(
                "payments.toml",
                include_str!("../../../fixtures/antoniushof/payments.toml"),
            ),
            &f.contracts,
        )
        .unwrap();
        let rates = parse_interest(source(
            "interest.toml",
            include_str!("../../../fixtures/reference/interest.toml"),
        ))
        .unwrap();
        let deposit = parse_interest(source(
            "deposit-interest.toml",
            include_str!("../../../fixtures/reference/deposit-interest.toml"),
        ))
        .unwrap();
        let close = month_close(
            &f.facility,
            &f.contracts,
            &MonthCloseOptions {
                from: Some("2026-01".parse().unwrap()),
                payments: &payments,
                deposit_rates: Some(&deposit),
                ..MonthCloseOptions::new("2026-06".parse().unwrap(), &rates)
            },
        )
        .unwrap();
        (f, close)
    })
}

/// The settlement after Jeanne Baert's death (AH-013), addressed to her
/// heirs through the next of kin.
fn heirs_settlement() -> view::SettlementView {
    let (f, close) = replay();
    let s = close
        .settlements
        .iter()
        .find(|s| s.contract == "AH-013")
        .unwrap();
    let c = f.contracts.iter().find(|c| c.id() == "AH-013").unwrap();
    view::final_settlement_view(s, &f.facility, c)
}

/// A dunning letter of the replayed books at each step the fixtures reach
/// in July 2026.
fn dunning_letters() -> Vec<view::DunningView> {
    use care_core::receivables::dunning::{DunningLadder, DunningStepKind};
    let (f, close) = replay();
    let books: Vec<_> = close.replayed.iter().chain(&close.invoices).collect();
    let mut out: Vec<(DunningStepKind, view::DunningView)> = Vec::new();
    for at in ["2026-07-10", "2026-07-20"] {
        for c in &f.contracts {
            for payer in &c.data().payers {
                let s = care_core::receivables::ledger::statement(
                    &c.account(&f.facility),
                    &payer.id,
                    &books,
                    &close.payments_read,
                    d(at),
                )
                .unwrap();
                let status = DunningLadder::default().status(&s);
                let Some(step) = status
                    .step
                    .filter(|k| *k != DunningStepKind::SocialWorkerContact)
                else {
                    continue;
                };
                if out.iter().any(|(k, _)| *k == step) {
                    continue;
                }
                out.push((
                    step,
                    view::dunning_letter_view(&status, &s, &f.facility, c, None).unwrap(),
                ));
            }
        }
    }
    out.sort_by_key(|(k, _)| *k);
    out.into_iter().map(|(_, v)| v).collect()
}

fn text_of<V: serde::Serialize>(template: Template, view: &V) -> String {
    let doc = renderer()
        .compile(template, view)
        .unwrap_or_else(|e| panic!("{e}"));
    // Typst may break a line inside a phrase; compare with single spaces.
    document_text(&doc)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn invoices_show_their_lines_total_shares_and_payment() {
    for name in ["antoniushof", "botermarktpoort"] {
        let f = fixture(name);
        for invoice in june_invoices(&f) {
            let contract = f
                .contracts
                .iter()
                .find(|c| c.id() == invoice.contract())
                .unwrap();
            let v = view::invoice_view(&invoice, &f.facility, contract).unwrap();
            let text = text_of(Template::Invoice, &v);
            assert!(text.contains(&v.number), "{text}");
            assert!(
                text.contains(&v.total),
                "{} total {}: {text}",
                v.number,
                v.total
            );
            for section in &v.sections {
                for line in &section.lines {
                    assert!(text.contains(&line.amount), "{}: {}", v.number, line.amount);
                }
            }
            for share in &v.shares {
                assert!(text.contains(&share.amount));
                if let Some(p) = &share.payment {
                    assert!(text.contains(&p.communication));
                    // The QR payload: EPC069-12 version 002, SCT, amount and reference.
                    let lines: Vec<_> = p.qr_payload.split('\n').collect();
                    assert_eq!(&lines[..4], ["BCD", "002", "1", "SCT"]);
                    assert_eq!(lines[6], "BE68539007547034");
                    assert_eq!(
                        lines[7],
                        format!(
                            "EUR{}",
                            share
                                .amount
                                .trim_start_matches("€ ")
                                .replace('.', "")
                                .replace(',', ".")
                        )
                    );
                    assert_eq!(lines[9], p.communication.replace(['+', '/'], ""));
                }
            }
            assert!(text.contains("Vrijgesteld van btw"));
        }
    }
}

#[test]
fn the_gaw_15_invoice_reads_as_in_the_rules() {
    let v = gaw_15_view();
    let text = text_of(Template::Invoice, &v);
    for needle in [
        "13 dagen, van 01/06/2026 tot en met 13/06/2026",
        "€ 29,33",
        "€ 381,29",
        "+++610/1000/04263+++",
        "BE68 5390 0754 7034",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    let doc = renderer().compile(Template::Invoice, &v).unwrap();
    assert!(
        has_image(&doc.pages()[0].frame),
        "the QR code is embedded as an image"
    );
}

fn has_image(frame: &typst::layout::Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        typst::layout::FrameItem::Image(..) => true,
        typst::layout::FrameItem::Group(g) => has_image(&g.frame),
        _ => false,
    })
}

#[test]
fn credit_notes_are_marked_and_name_the_invoice_they_correct() {
    let f = care_core::sample::antoniushof_2020().unwrap();
    let mut c = care_core::sample::gaw_contract(&f, "AH-1", "B01", "2025-01-01").unwrap();
    let mut history = Vec::new();
    let mut seq = InvoiceSequence::new("AH", 2026, 0);
    for (month, change) in [("2026-06", false), ("2026-07", true)] {
        if change {
            c.record(
                care_core::assisted_living::event::Event::Death {
                    resident: "r1".into(),
                    on: d("2026-06-10"),
                },
                &f,
            )
            .unwrap();
        }
        let m = month.parse().unwrap();
        let run = month_end(
            &f,
            std::slice::from_ref(&c),
            &history,
            &MonthEndOptions::new(m),
        );
        history.extend(
            seq.issue(run.invoices, &IssueOptions::new(m.last_day()))
                .unwrap(),
        );
    }
    let credit = history.last().unwrap();
    let v = view::invoice_view(credit, &f, &c).unwrap();
    assert_eq!(v.title, "Creditnota");
    let text = text_of(Template::Invoice, &v);
    assert!(
        text.contains("Creditnota — crediteert factuur AH-2026-00001"),
        "{text}"
    );
    assert!(text.contains("Correcties op vorige facturen"));
    assert!(
        v.shares.iter().all(|s| s.payment.is_none()),
        "nothing to pay on a credit note"
    );
}

#[test]
fn contracts_state_price_deposit_notice_periods_and_signatories() {
    let f = fixture("antoniushof");
    let c = f.contracts.iter().find(|c| c.id() == "AH-001").unwrap();
    let v = view::contract_view(c, &f.facility, Some(d("2021-02-20"))).unwrap();
    let text = text_of(Template::GawContract, &v);
    for needle in [
        "Opnameovereenkomst",
        "Maria Peeters",
        "Els Peeters",
        "Onder vertegenwoordiger wordt verstaan",
        "CE 2043",
        "1 maart 2021",
        "woning kleiner dan 47 m²: € 25,72 (deze woning)",
        "woning groter dan 47 m²: € 29,33",
        "€ 16,47",
        "€ 9,20",
        "30 × € 25,72 = € 771,60",
        "BE71 0961 2345 6769",
        "opzeggingstermijn van 30 dagen",
        "opzeggingstermijn van 60 dagen",
        "beperkt tot 7 dagen",
        "bedraagt 5 dagen",
        "Artikel 11: Toepasselijk recht en bevoegdheid",
        "Opgemaakt in tweevoud op 20 februari 2021 te Gent",
        "Namens OCMW Gent",
        "Bijlage: interne afsprakennota",
        "Brandveiligheid",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    // Every article of the source, in order.
    let mut at = 0;
    for n in 1..=11 {
        let heading = format!("Artikel {n}");
        let found = text[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found;
    }
    // Without a representative, no representative block.
    let alone = f.contracts.iter().find(|c| c.id() == "AH-006").unwrap();
    let text = text_of(
        Template::GawContract,
        &view::contract_view(alone, &f.facility, None).unwrap(),
    );
    assert!(
        !text.contains("Vertegenwoordiger"),
        "no representative for AH-006"
    );
    assert!(
        text.contains("Opgemaakt in tweevoud op ..... te Gent"),
        "a blank to fill in by hand"
    );
}

#[test]
fn saw_agreements_state_the_care_cost_and_the_lease() {
    let f = fixture("botermarktpoort");
    let c = f.contracts.iter().find(|c| c.id() == "BMP-05").unwrap();
    let v = view::contract_view(c, &f.facility, None).unwrap();
    let text = text_of(Template::SawContract, &v);
    for needle in [
        "Zorgovereenkomst",
        "Omer De Wilde",
        "Chris De Wilde",
        "€ 3,96 per dag",
        "huurcontract WoninGent HC-2026-0288 met WoninGent, ondertekend op 10 juni 2026",
        "16 juni 2026",
        "groep van 19 erkende",
        "Artikel 14. Toepasselijk recht en bevoegdheid",
        "Bijlage: interne afsprakennota",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
}

#[test]
fn house_rules_print_alone() {
    for name in ["antoniushof", "botermarktpoort"] {
        let f = fixture(name);
        let v = view::house_rules_view(&f.facility, d("2026-01-01"));
        let text = text_of(Template::HouseRules, &v);
        assert!(text.contains("Interne afsprakennota"), "{name}");
        assert!(text.contains("Brandveiligheid"), "{name}");
        let pdf = renderer().pdf(Template::HouseRules, &v, name).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
}

#[test]
fn a_price_notice_shows_old_and_new_price_the_calculation_and_the_date() {
    let f = fixture("antoniushof");
    let c = f.contracts.iter().find(|c| c.id() == "AH-006").unwrap();
    let notice = &c.data().price_notices[0];
    let v = view::price_notice_view(c, &f.facility, notice).unwrap();
    let text = text_of(Template::PriceNotice, &v);
    for needle in [
        "indexatie",
        // GAW-6: based on January 2023, when the current price took effect.
        "€ 29,98",
        "€ 30,51",
        "130,08",
        "127,84",
        "14 april 2024",
        "30 dagen",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    // A notice that names a date too early is valid: its letter gives the
    // 30th day after it (GAW-6).
    let early = PriceNotice {
        effective_on: Some(d("2024-03-20")),
        ..notice.clone()
    };
    let view = view::price_notice_view(c, &f.facility, &early).unwrap();
    assert_eq!(view.applies_from, "14 april 2024");
}

#[test]
fn settlement_and_dunning_letters_render_from_the_replayed_books() {
    // GAW-15a: after the death of the last resident the settlement goes to
    // the heirs; GAW-9: a letter at each step of the ladder.
    let v = heirs_settlement();
    let text = text_of(Template::Settlement, &v);
    assert!(
        text.contains("erfgenamen") && text.contains(&v.conclusion),
        "{text}"
    );
    let letters = dunning_letters();
    let titles: Vec<&str> = letters.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Herinnering", "Tweede herinnering", "Ingebrekestelling"]
    );
    for (letter, needle) in
        letters
            .iter()
            .zip(["Herinnering", "Tweede herinnering", "formeel in gebreke"])
    {
        let text = text_of(Template::Dunning, letter);
        assert!(
            text.contains(needle) && text.contains(&letter.invoices[0].number),
            "{needle}: {text}"
        );
    }
}

#[test]
fn data_is_printed_literally_never_evaluated() {
    let f = care_core::sample::antoniushof_2020().unwrap();
    let mut data = care_core::sample::sample_data("AH-X", "A01").unwrap();
    data.agreement = care_core::assisted_living::contract::Agreement::Gaw {
        signed_on: d("2026-03-01"),
        admission: d("2026-03-01"),
        deposit_paid_on: None,
    };
    let names = [
        "#panic(\"x\")",
        "*Jan*",
        "$",
        "]",
        "_x_ <l> @ref \\ `c`",
        "= kop",
    ];
    data.residents[0].name = names.join(" ");
    data.payers[0].name = names.join(" ");
    let c = care_core::Contract::new(data, &f).unwrap();
    let text = text_of(
        Template::GawContract,
        &view::contract_view(&c, &f, None).unwrap(),
    );
    for name in names {
        assert!(text.contains(name), "{name} not printed literally");
    }
    let run = month_end(
        &f,
        std::slice::from_ref(&c),
        &[],
        &MonthEndOptions::new("2026-03".parse().unwrap()),
    );
    let invoice = InvoiceSequence::new("AH", 2026, 0)
        .issue(run.invoices, &IssueOptions::new(d("2026-03-31")))
        .unwrap()
        .remove(0);
    let text = text_of(
        Template::Invoice,
        &view::invoice_view(&invoice, &f, &c).unwrap(),
    );
    assert!(text.contains("#panic(\"x\") *Jan* $ ]"), "{text}");
}

#[test]
fn the_same_input_gives_byte_identical_pdfs() {
    let v = gaw_15_view();
    let a = renderer().pdf(Template::Invoice, &v, &v.number).unwrap();
    let b = Renderer::new()
        .pdf(Template::Invoice, &v, &v.number)
        .unwrap();
    assert_eq!(a, b);
    let f = care_core::sample::botermarktpoort_2020().unwrap();
    let c = care_core::sample::saw_contract(&f, "S-1", "1", "2026-03-01").unwrap();
    let cv = view::contract_view(&c, &f, None).unwrap();
    assert_eq!(
        renderer().pdf(Template::SawContract, &cv, "S-1").unwrap(),
        renderer().pdf(Template::SawContract, &cv, "S-1").unwrap()
    );
}

#[test]
fn contracts_are_pdf_a_2b_and_dated_by_the_document() {
    let f = care_core::sample::antoniushof_2020().unwrap();
    let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-03-01").unwrap();
    let pdf = renderer()
        .pdf(
            Template::GawContract,
            &view::contract_view(&c, &f, None).unwrap(),
            "AH-1",
        )
        .unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A part 2"
    );
    assert!(
        text.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "PDF/A conformance B"
    );
    assert!(
        text.contains("2026-03-01"),
        "creation date from the document, not the clock"
    );
}

#[test]
fn a_template_error_carries_typst_diagnostics_with_file_and_line() {
    // A view that lacks what the template needs.
    let broken = serde_json::json!({ "title": "x" });
    let err = renderer().pdf(Template::Invoice, &broken, "x").unwrap_err();
    let Error::Template {
        template,
        diagnostics,
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(*template, "invoice.typ");
    let first = &diagnostics[0];
    assert!(first.file.ends_with(".typ") && first.line > 0, "{first}");
    assert!(err.to_string().contains("does not contain key"), "{err}");
}

/// The sample JSON beside each template is what care-docs would give it
/// for the fixtures, so `typst compile <template>.typ` works alone. Set
/// `UPDATE_EXPECT=1` to rewrite them.
#[test]
fn sample_json_beside_each_template_is_current_and_compiles_alone() {
    let ah = fixture("antoniushof");
    let bmp = fixture("botermarktpoort");
    let ah1 = ah.contracts.iter().find(|c| c.id() == "AH-001").unwrap();
    let invoice = june_invoices(&ah)
        .into_iter()
        .find(|i| i.contract() == "AH-009")
        .unwrap();
    let ah9 = ah.contracts.iter().find(|c| c.id() == "AH-009").unwrap();
    let bmp5 = bmp.contracts.iter().find(|c| c.id() == "BMP-05").unwrap();
    let ah6 = ah.contracts.iter().find(|c| c.id() == "AH-006").unwrap();
    let samples: Vec<(&str, serde_json::Value)> = vec![
        (
            "invoice",
            serde_json::to_value(view::invoice_view(&invoice, &ah.facility, ah9).unwrap()).unwrap(),
        ),
        (
            "gaw-contract",
            serde_json::to_value(
                view::contract_view(ah1, &ah.facility, Some(d("2021-02-20"))).unwrap(),
            )
            .unwrap(),
        ),
        (
            "saw-contract",
            serde_json::to_value(
                view::contract_view(bmp5, &bmp.facility, Some(d("2026-06-10"))).unwrap(),
            )
            .unwrap(),
        ),
        (
            "house-rules",
            serde_json::to_value(view::house_rules_view(&ah.facility, d("2021-01-01"))).unwrap(),
        ),
        (
            "price-notice",
            serde_json::to_value(
                view::price_notice_view(ah6, &ah.facility, &ah6.data().price_notices[0]).unwrap(),
            )
            .unwrap(),
        ),
        (
            "settlement",
            serde_json::to_value(heirs_settlement()).unwrap(),
        ),
        (
            "dunning",
            serde_json::to_value(dunning_letters().pop().unwrap()).unwrap(),
        ),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for (name, value) in samples {
        let path = dir.join(format!("{name}.sample.json"));
        let json = serde_json::to_string_pretty(&value).unwrap() + "\n";
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, &json).unwrap();
        }
        let on_disk =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            on_disk,
            json,
            "{} is stale; UPDATE_EXPECT=1 rewrites it",
            path.display()
        );
        // Compiled alone, the template reads its sample.
        let template = Template::ALL
            .into_iter()
            .find(|t| t.file() == format!("{name}.typ"))
            .unwrap_or_else(|| panic!("no template {name}.typ"));
        let standalone = care_docs::render_standalone(template, &on_disk);
        assert!(standalone.is_ok(), "{name}: {:?}", standalone.err());
    }
}

#[test]
fn dunning_letters_and_settlements_come_from_the_payment_records() {
    use care_core::assisted_living::billing::{month_end, Receivables};
    use care_core::assisted_living::fixture::{parse_interest, parse_payments};
    use care_core::assisted_living::settlement::{final_settlement, SettlementOptions};
    use care_core::receivables::dunning::{DunningLadder, DunningStepKind};
    use care_core::receivables::interest::statutory_interest;
    use care_core::receivables::ledger::statement;
    use care_core::DateRange;
    let f = fixture("antoniushof");
    let payments = parse_payments(
        Source {
            name: "payments.toml",
            text: include_str!("../../../fixtures/antoniushof/payments.toml"),
        },
        &f.contracts,
    )
    .unwrap();
    let rates = parse_interest(Source {
        name: "interest.toml",
        text: include_str!("../../../fixtures/reference/interest.toml"),
    })
    .unwrap();
    let receivables = Receivables {
        payments: &payments,
        rates: &rates,
    };
    let mut issued: Vec<Invoice> = Vec::new();
    for month in [
        "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
    ] {
        let m: care_core::BillingMonth = month.parse().unwrap();
        let run = month_end(
            &f.facility,
            &f.contracts,
            &issued,
            &MonthEndOptions {
                receivables: Some(receivables),
                ..MonthEndOptions {
                    month: m,
                    since: Some("2026-01".parse().unwrap()),
                    receivables: None,
                }
            },
        );
        let mut seq = InvoiceSequence::continue_after("AH", 2026, &issued).unwrap();
        issued.extend(
            seq.issue(run.invoices, &IssueOptions::new(m.last_day()))
                .unwrap(),
        );
    }
    let at = d("2026-06-30");
    let c = f.contracts.iter().find(|c| c.id() == "AH-007").unwrap();
    let s = statement(
        &c.account(&f.facility),
        &"p1".parse().unwrap(),
        &issued,
        &payments,
        at,
    )
    .unwrap();
    let status = DunningLadder::default().status(&s);
    assert_eq!(status.step, Some(DunningStepKind::FormalNotice));
    let oldest = s.open_items().next().unwrap();
    let interest = statutory_interest(
        oldest.open,
        DateRange::new(oldest.due_on.succ_opt().unwrap(), at).unwrap(),
        &rates,
    )
    .unwrap();
    let letter = view::dunning_letter_view(&status, &s, &f.facility, c, Some(&interest)).unwrap();
    let text = text_of(Template::Dunning, &letter);
    assert!(
        text.contains("Ingebrekestelling")
            && text.contains("Willy Maes")
            && text.contains(&letter.total),
        "{text}"
    );
    assert!(text.contains(s.open_items().next().unwrap().invoice.as_str()));
    // The final settlement of AH-005 (died 10 June, keys 13 June).
    let c = f.contracts.iter().find(|c| c.id() == "AH-005").unwrap();
    let s = statement(
        &c.account(&f.facility),
        &"p1".parse().unwrap(),
        &issued,
        &payments,
        d("2026-07-10"),
    )
    .unwrap();
    let settlement = final_settlement(
        c,
        d("2026-07-10"),
        &SettlementOptions {
            statements: vec![s],
            ..SettlementOptions::default()
        },
    )
    .unwrap();
    let v = view::final_settlement_view(&settlement, &f.facility, c);
    assert_eq!(
        v.addressee,
        "De erfgenamen van Marcel Verhoeven, p/a Luc Verhoeven"
    );
    let text = text_of(Template::Settlement, &v);
    assert!(
        text.contains("overlijden op 10 juni 2026") && text.contains(&v.balance),
        "{text}"
    );
}

#[test]
fn gaw_8a_a_direct_debit_payer_gets_a_pre_notification_not_a_transfer_slip() {
    // GAW-8a: AH-001's payer has a mandate: its invoice names the amount,
    // the collection date, the mandate and the creditor id, and carries no
    // transfer details or QR code.
    let f = fixture("antoniushof");
    let invoices = june_invoices(&f);
    let invoice = invoices.iter().find(|i| i.contract() == "AH-001").unwrap();
    let contract = f.contracts.iter().find(|c| c.id() == "AH-001").unwrap();
    let v = view::invoice_view(invoice, &f.facility, contract).unwrap();
    let share = &v.shares[0];
    assert!(share.payment.is_none(), "no transfer slip for a mandate");
    let debit = share.direct_debit.as_ref().unwrap();
    assert_eq!(debit.mandate, "AH-001-p1");
    assert_eq!(debit.collection_date, "14 juli 2026"); // GAW: 14 days after the invoice
    let text = text_of(Template::Invoice, &v);
    for needle in [
        "voorafgaande kennisgeving",
        "AH-001-p1",
        &debit.creditor_id,
        &debit.amount,
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    assert!(!text.contains("Begunstigde"), "{text}");
    let doc = renderer().compile(Template::Invoice, &v).unwrap();
    assert!(
        !doc.pages().iter().any(|p| has_image(&p.frame)),
        "no QR code"
    );
    // With the batch, the pre-notified amount is what is collected.
    let collections = care_core::assisted_living::collection::collections_for(
        &f.facility,
        &f.contracts,
        &invoices,
        &care_core::assisted_living::collection::CollectionOptions::default(),
    )
    .unwrap();
    let v = v.with_collections(invoice.number(), &collections);
    assert_eq!(
        v.shares[0].direct_debit.as_ref().unwrap().amount,
        v.shares[0].amount
    );
}

#[test]
fn gaw_7_every_payer_gets_its_own_document_addressed_to_it() {
    // GAW-7, GAW-8a: AH-002 has two payers; each copy is addressed to its
    // payer in the window and carries only that payer's way to pay, with
    // the whole invoice for reference.
    let f = fixture("antoniushof");
    let invoices = june_invoices(&f);
    let invoice = invoices.iter().find(|i| i.contract() == "AH-002").unwrap();
    let contract = f.contracts.iter().find(|c| c.id() == "AH-002").unwrap();
    let copies = view::payer_invoice_views(invoice, &f.facility, contract).unwrap();
    assert_eq!(copies.len(), 2);
    let (p1, first) = &copies[0];
    let (p2, second) = &copies[1];
    assert_eq!((p1.as_str(), p2.as_str()), ("p1", "p2"));
    let a = first.addressee.as_ref().unwrap();
    assert_eq!(a.name, "Godelieve Van Damme");
    assert!(a.address.iter().any(|l| l.ends_with("bus 0.03")), "{a:?}");
    assert_eq!(
        second.addressee.as_ref().unwrap().address,
        ["Onderbergen 86", "9000 Gent"]
    );
    // p1 pays by direct debit, p2 by transfer with the QR code.
    assert!(first.shares[0].direct_debit.is_some() && first.shares[1].payment.is_none());
    assert!(second.shares[1].payment.is_some() && second.shares[0].direct_debit.is_none());
    for (_, v) in &copies {
        let text = text_of(Template::Invoice, v);
        assert!(text.contains(&v.total) && text.contains(&v.addressee.as_ref().unwrap().name));
    }
    // GAW-9a: each payer's way to pay names its own structured
    // communication, so the bank line says whose share it pays.
    let debit = &first.shares[0].direct_debit.as_ref().unwrap().communication;
    let transfer = &second.shares[1].payment.as_ref().unwrap().communication;
    assert_ne!(debit, transfer);
    assert_eq!(
        debit,
        &invoice
            .communication(&"p1".parse().unwrap(), 101)
            .unwrap()
            .to_string()
    );
    assert_eq!(
        transfer,
        &invoice
            .communication(&"p2".parse().unwrap(), 101)
            .unwrap()
            .to_string()
    );
    assert!(text_of(Template::Invoice, second).contains(transfer.as_str()));
}

#[test]
fn contracts_fill_the_salutation_and_address_from_the_data_and_keep_sentences_whole() {
    // The parties' block from the data: "Mevrouw", the address before
    // admission; and no paragraph break inside a sentence of the texts
    // (house rules 3.15 broke after "de bewoner en / of").
    let f = fixture("antoniushof");
    let c = f.contracts.iter().find(|c| c.id() == "AH-001").unwrap();
    let v = view::contract_view(c, &f.facility, Some(d("2021-02-20"))).unwrap();
    let text = text_of(Template::GawContract, &v);
    assert!(
        text.contains("Mevrouw Maria Peeters, geboren op 2 april 1936"),
        "{text}"
    );
    assert!(text.contains("Adres: Sleepstraat 88, 9000 Gent"));
    assert!(!text.contains("De heer / mevrouw Maria"));
    for source in [
        include_str!("../templates/gaw-articles.typ"),
        include_str!("../templates/saw-articles.typ"),
        include_str!("../templates/house-rules-gaw.typ"),
        include_str!("../templates/house-rules-saw.typ"),
    ] {
        let lines: Vec<&str> = source.lines().collect();
        for w in lines.windows(3) {
            let broken = w[1].is_empty()
                && w[0].ends_with(|c: char| c.is_lowercase() || c == '/' || c == ',')
                && w[2].starts_with(|c: char| c.is_lowercase());
            assert!(
                !broken,
                "a sentence broken by a blank line: {:?} / {:?}",
                w[0], w[2]
            );
        }
    }
}

#[test]
fn a_data_error_is_shown_once_with_its_source_kept() {
    // care-docs wraps care-core's error without repeating its message; the
    // causes stay reachable through `source`.
    let inner = care_core::Error::InvalidInvoiceNumber {
        number: "X-1".into(),
    };
    let outer = care_docs::Error::from(inner.clone());
    assert_eq!(outer.to_string(), inner.to_string());
    let mut messages = vec![outer.to_string()];
    let mut source = std::error::Error::source(&outer);
    while let Some(cause) = source {
        messages.push(cause.to_string());
        source = cause.source();
    }
    assert_eq!(
        messages.iter().filter(|m| m.contains("X-1")).count(),
        1,
        "{messages:?}"
    );
}

#[test]
fn rendering_on_two_threads_gives_the_bytes_of_one() {
    // Month close renders on all cores, one engine per thread: the same
    // PDFs, in the same order, as one engine alone.
    let f = fixture("antoniushof");
    let invoices = june_invoices(&f);
    let views: Vec<_> = invoices
        .iter()
        .map(|i| {
            let c = f.contracts.iter().find(|c| c.id() == i.contract()).unwrap();
            view::invoice_view(i, &f.facility, c).unwrap()
        })
        .collect();
    let documents: Vec<_> = views
        .iter()
        .map(|v| care_docs::Document {
            template: Template::Invoice,
            view: v,
            ident: &v.number,
        })
        .collect();
    let two = care_docs::pdf_all(&documents, std::num::NonZeroUsize::new(2).unwrap());
    assert_eq!(two.len(), views.len());
    for (v, pdf) in views.iter().zip(two) {
        assert_eq!(
            pdf.unwrap(),
            renderer().pdf(Template::Invoice, v, &v.number).unwrap(),
            "{}",
            v.number
        );
    }
}

#[test]
fn gaw_28_an_invoice_after_the_death_is_never_to_be_paid_by_the_resident_who_died() {
    // GAW-28, GAW-15a: AH-005's only resident died on 10 June; the June
    // invoice (issued 30 June) is addressed to and paid by the heirs through
    // the representative, never "Betaling door Marcel Verhoeven".
    let f = fixture("antoniushof");
    let c = f.contracts.iter().find(|c| c.id() == "AH-005").unwrap();
    let invoices = june_invoices(&f);
    let invoice = invoices.iter().find(|i| i.contract() == "AH-005").unwrap();
    let copies = view::payer_invoice_views(invoice, &f.facility, c).unwrap();
    let (_, v) = &copies[0];
    let heirs = "de erfgenamen van Marcel Verhoeven";
    assert!(v.shares[0].name.contains(heirs), "{}", v.shares[0].name);
    let text = text_of(Template::Invoice, v);
    assert!(!text.contains("Betaling door Marcel Verhoeven"), "{text}");
    assert!(text.contains(&format!("Betaling door {heirs}")), "{text}");
    // The whole invoice for the records says the same.
    let whole = view::invoice_view(invoice, &f.facility, c).unwrap();
    assert!(whole.shares[0].name.contains(heirs));
}

#[test]
fn gaw_15a_the_next_of_kin_get_their_own_invoice_and_the_settlement_keeps_them_apart() {
    // GAW-15a: AH-017's next of kin owe the clearance and storage costs
    // (€455) on a copy addressed to them, with their own transfer slip; the
    // estate's copy goes to the heirs (GAW-28); the settlement pays the
    // deposit back to the heirs and never sets it off against the next of
    // kin's costs.
    let f = fixture("antoniushof");
    let c = f.contracts.iter().find(|c| c.id() == "AH-017").unwrap();
    let invoices = june_invoices(&f);
    let invoice = invoices.iter().find(|i| i.contract() == "AH-017").unwrap();
    let copies = view::payer_invoice_views(invoice, &f.facility, c).unwrap();
    let (_, kin) = copies.iter().find(|(p, _)| p == "kin").unwrap();
    let addressee = kin.addressee.as_ref().unwrap();
    assert_eq!(addressee.name, "Dirk Peeters");
    assert!(addressee
        .address
        .iter()
        .any(|l| l.contains("Kortrijksesteenweg 210")));
    let share = kin.shares.iter().find(|s| s.payment.is_some()).unwrap();
    assert_eq!(share.payment.as_ref().unwrap().amount, "€ 455,00");
    let (_, estate) = copies.iter().find(|(p, _)| p == "p1").unwrap();
    assert!(estate
        .addressee
        .as_ref()
        .unwrap()
        .name
        .starts_with("De erfgenamen van Yvonne Peeters"));

    let (f, close) = replay();
    let s = close
        .settlements
        .iter()
        .find(|s| s.contract == "AH-017")
        .unwrap();
    let c = f.contracts.iter().find(|c| c.id() == "AH-017").unwrap();
    let v = view::final_settlement_view(s, &f.facility, c);
    assert_eq!(v.title, "Eindafrekening");
    assert!(
        v.conclusion
            .contains("terug aan de erfgenamen van Yvonne Peeters")
            && v.conclusion.contains("Dirk Peeters betaalt € 455,00"),
        "{}",
        v.conclusion
    );
}

#[test]
fn saw_16_the_settlement_letter_names_the_operators_ground() {
    // SAW-16: BMP-08's agreement ended with the lease on the operator's
    // reasoned proposal on health grounds.
    use care_core::assisted_living::settlement::{final_settlement, SettlementOptions};
    let f = fixture("botermarktpoort");
    let c = f.contracts.iter().find(|c| c.id() == "BMP-08").unwrap();
    let s = final_settlement(c, d("2026-08-10"), &SettlementOptions::default()).unwrap();
    let v = view::final_settlement_view(&s, &f.facility, c);
    assert_eq!(
        v.reason,
        "einde van het huurcontract op gemotiveerd voorstel van OCMW (gezondheidsredenen)"
    );
    assert_eq!(v.ended_on, "12 juli 2026");
}

#[test]
fn the_epc_qr_code_reads_back_as_its_payload() {
    // EPC069-12 (RULES.md, EPC QR code): the pixels an invoice carries are
    // a QR code a banking app reads, quiet zone and orientation included.
    let f = fixture("antoniushof");
    let invoices = june_invoices(&f);
    let mut read = 0;
    for invoice in &invoices {
        let contract = f
            .contracts
            .iter()
            .find(|c| c.id() == invoice.contract())
            .unwrap();
        let v = view::invoice_view(invoice, &f.facility, contract).unwrap();
        for payment in v.shares.iter().filter_map(|s| s.payment.as_ref()) {
            let qr = &payment.qr;
            assert_eq!(qr.pixels.len(), qr.size * qr.size);
            // Scanned at 4 pixels a module, as a phone camera sees it.
            let scale = 4;
            let mut image = rqrr::PreparedImage::prepare_from_greyscale(
                qr.size * scale,
                qr.size * scale,
                |x, y| qr.pixels[(y / scale) * qr.size + x / scale],
            );
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "{}", invoice.number());
            let (_, content) = grids[0].decode().unwrap();
            assert_eq!(content, payment.qr_payload, "{}", invoice.number());
            read += 1;
        }
    }
    assert!(read >= 5, "{read} codes read");
}
