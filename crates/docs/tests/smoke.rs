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
