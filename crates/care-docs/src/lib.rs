//! # care-docs
//!
//! Renders the documents an operator hands a resident — invoices, contracts,
//! house rules, price notices, settlements and dunning letters — to PDF
//! through Typst, from care-core's types.
//!
//! Data reaches the templates only as JSON (`sys.inputs.data`), built by the
//! view structs in [`view`] with every amount and date already formatted
//! the Belgian way; templates do no arithmetic and never evaluate data as
//! markup. Fonts are embedded in the binary; the document date, not the
//! clock, dates the PDF, so the same input gives the same bytes.
//!
//! # Example
//!
//! ```
//! use care_docs::{Renderer, Template};
//! let renderer = Renderer::new(); // once; reuse it
//! let view = care_docs::view::sample_invoice_view();
//! let pdf = renderer.pdf(Template::Invoice, &view, &view.number)?;
//! assert!(pdf.starts_with(b"%PDF"));
//! # Ok::<(), care_docs::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
pub mod format;
pub mod qr;
mod render;
pub mod view;

pub use error::{Diagnostic, Error};
pub use render::{document_text, render_standalone, Renderer, Template};
