//! # care-docs
//!
//! Renders the documents an operator hands a resident — invoices, contracts,
//! house rules, price notices, settlements and dunning letters — to PDF
//! through Typst, from care-core's types.
//!
//! Data reaches the templates only as JSON (served as the file a template
//! reads its sample from, `<name>.sample.json`), built by the view structs in [`view`] with every amount and date already formatted
//! the Belgian way; templates do no arithmetic and never evaluate data as
//! markup. Fonts are embedded in the binary; the document date, not the
//! clock, dates the PDF, so the same input gives the same bytes.
//!
//! # Example
//!
//! ```
//! use care_docs::{Renderer, Template};
//! # let f = care_core::sample::antoniushof_2020()?;
//! # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
//! # let invoice = care_core::sample::invoice(&f, &c, "2026-06".parse()?)?;
//! let renderer = Renderer::new(); // once; reuse it
//! let view = care_docs::view::invoice_view(&invoice, &f, &c)?;
//! let pdf = renderer.pdf(Template::Invoice, &view, &view.number)?;
//! assert!(pdf.starts_with(b"%PDF"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
pub mod format;
pub mod qr;
mod render;
pub mod view;

pub use error::{Diagnostic, Error};
pub use render::{
    document_text, pdf_all, pdf_each, render_standalone, Document, Renderer, Template,
};
