use care_docs::{document_text, Renderer, Template};

#[test]
fn sample_invoice_renders() {
    let renderer = Renderer::new();
    let view = care_docs::view::sample_invoice_view();
    let doc = renderer.compile(Template::Invoice, &view).unwrap_or_else(|e| panic!("{e}"));
    let text = document_text(&doc);
    println!("{text}");
    let pdf = renderer.pdf(Template::Invoice, &view, &view.number).unwrap();
    std::fs::write("/tmp/invoice.pdf", pdf).unwrap();
}

#[test]
fn sample_contracts_render() {
    let renderer = Renderer::new();
    let f = care_core::testing::antoniushof_2020().unwrap();
    let c = care_core::testing::gaw_contract(&f, "AH-1", "A01", "2026-03-01").unwrap();
    let view = care_docs::view::contract_view(&c, &f, None).unwrap();
    let doc = renderer.compile(Template::GawContract, &view).unwrap_or_else(|e| panic!("{e}"));
    println!("pages {}", doc.pages().len());
    let pdf = renderer.pdf(Template::GawContract, &view, "AH-1").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write("/tmp/gaw.pdf", pdf).unwrap();
    let f = care_core::testing::botermarktpoort_2020().unwrap();
    let c = care_core::testing::saw_contract(&f, "S-1", "1", "2026-03-01").unwrap();
    let view = care_docs::view::contract_view(&c, &f, None).unwrap();
    let pdf = renderer.pdf(Template::SawContract, &view, "S-1").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write("/tmp/saw.pdf", pdf).unwrap();
}
