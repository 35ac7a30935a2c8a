//! The one error type of care-docs.

/// A Typst diagnostic, located in its template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The template file, such as `invoice.typ`.
    pub file: String,
    /// Line, counted from 1 (0 when Typst gave no location).
    pub line: usize,
    /// Column, counted from 1.
    pub column: usize,
    /// Typst's message.
    pub message: String,
    /// Typst's hints.
    pub hints: Vec<String>,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        for hint in &self.hints {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while rendering a document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Typst could not compile a template; its diagnostics say where.
    #[error("template {template} did not compile: {}", .diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Template {
        /// The document's template.
        template: &'static str,
        /// Typst's errors, with file and line.
        diagnostics: Vec<Diagnostic>,
    },
    /// Typst could not export the compiled document to PDF.
    #[error("template {template} could not be exported to pdf: {message}")]
    Pdf {
        /// The document's template.
        template: &'static str,
        /// Typst's message.
        message: String,
    },
    /// The data for a document is incomplete or invalid: care-core's error,
    /// shown as it is (its message and causes are not repeated here).
    #[error(transparent)]
    Data(#[from] care_core::Error),
    /// Data that a document needs is missing.
    #[error("{document} for {subject}: {missing} is missing")]
    Missing {
        /// The document.
        document: &'static str,
        /// Whose document, such as the contract or invoice number.
        subject: String,
        /// What is missing.
        missing: &'static str,
    },
    /// The QR code could not be drawn.
    #[error("payment qr code")]
    Qr {
        /// Why.
        #[source]
        source: qrcode::types::QrError,
    },
    /// The view could not be serialised for the template.
    #[error("document data for {template} could not be serialised")]
    Serialize {
        /// The document's template.
        template: &'static str,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
}
