//! The Typst engine: built once with the templates and the embedded fonts,
//! reused for every document.

use std::num::NonZeroUsize;

use serde::Serialize;
use typst::diag::{FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{DiagSpanKind, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};
use typst_as_lib::typst_kit_options::TypstKitFontOptions;
use typst_as_lib::{TypstAsLibError, TypstEngine, TypstTemplateCollection, TypstWorld};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::error::{Diagnostic, Error};

/// The documents care-docs renders, one Typst template each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Template {
    /// Monthly invoice, correction or credit note (`invoice.typ`).
    Invoice,
    /// GAW admission contract with its house rules annex (`gaw-contract.typ`).
    GawContract,
    /// SAW care agreement with its house rules annex (`saw-contract.typ`).
    SawContract,
    /// A facility's house rules alone (`house-rules.typ`).
    HouseRules,
    /// Written notice of a price change (`price-notice.typ`).
    PriceNotice,
    /// Final settlement at the end of a contract (`settlement.typ`).
    Settlement,
    /// A dunning letter (`dunning.typ`).
    Dunning,
}

/// The template sources, compiled into the binary.
const SOURCES: [(&str, &str); 13] = [
    ("common.typ", include_str!("../templates/common.typ")),
    (
        "contract-parts.typ",
        include_str!("../templates/contract-parts.typ"),
    ),
    (
        "gaw-articles.typ",
        include_str!("../templates/gaw-articles.typ"),
    ),
    (
        "saw-articles.typ",
        include_str!("../templates/saw-articles.typ"),
    ),
    ("invoice.typ", include_str!("../templates/invoice.typ")),
    (
        "gaw-contract.typ",
        include_str!("../templates/gaw-contract.typ"),
    ),
    (
        "saw-contract.typ",
        include_str!("../templates/saw-contract.typ"),
    ),
    (
        "house-rules.typ",
        include_str!("../templates/house-rules.typ"),
    ),
    (
        "house-rules-gaw.typ",
        include_str!("../templates/house-rules-gaw.typ"),
    ),
    (
        "house-rules-saw.typ",
        include_str!("../templates/house-rules-saw.typ"),
    ),
    (
        "price-notice.typ",
        include_str!("../templates/price-notice.typ"),
    ),
    (
        "settlement.typ",
        include_str!("../templates/settlement.typ"),
    ),
    ("dunning.typ", include_str!("../templates/dunning.typ")),
];

impl Template {
    /// Every template.
    ///
    /// # Example
    ///
    /// ```
    /// use care_docs::Template;
    /// let files: Vec<_> = Template::ALL.iter().map(|t| t.file()).collect();
    /// assert!(files.contains(&"invoice.typ") && files.contains(&"dunning.typ"));
    /// ```
    pub const ALL: [Template; 7] = [
        Template::Invoice,
        Template::GawContract,
        Template::SawContract,
        Template::HouseRules,
        Template::PriceNotice,
        Template::Settlement,
        Template::Dunning,
    ];

    /// The template's file name.
    pub fn file(self) -> &'static str {
        match self {
            Template::Invoice => "invoice.typ",
            Template::GawContract => "gaw-contract.typ",
            Template::SawContract => "saw-contract.typ",
            Template::HouseRules => "house-rules.typ",
            Template::PriceNotice => "price-notice.typ",
            Template::Settlement => "settlement.typ",
            Template::Dunning => "dunning.typ",
        }
    }

    /// The template's sample data, `<name>.sample.json`: the file it reads
    /// its data from (see [`DocumentWorld`]).
    fn data_file(self) -> &'static str {
        match self {
            Template::Invoice => "invoice.sample.json",
            Template::GawContract => "gaw-contract.sample.json",
            Template::SawContract => "saw-contract.sample.json",
            Template::HouseRules => "house-rules.sample.json",
            Template::PriceNotice => "price-notice.sample.json",
            Template::Settlement => "settlement.sample.json",
            Template::Dunning => "dunning.sample.json",
        }
    }

    /// Contracts are archived and signed electronically: PDF/A-2b.
    fn archival(self) -> bool {
        matches!(
            self,
            Template::GawContract | Template::SawContract | Template::HouseRules
        )
    }
}

/// Renders documents to PDF. Build it once (it loads the templates and the
/// embedded fonts) and reuse it; it is `Send + Sync`.
///
/// # Example
///
/// ```
/// use care_docs::{Renderer, Template};
/// let renderer = Renderer::new();
/// let view = serde_json::json!({ "title": "Proef", "body": "*Jan* #panic(\"x\") $ ]" });
/// let err = renderer.pdf(Template::Invoice, &view, "test").unwrap_err();
/// // Missing data is an error with Typst's diagnostics, never a panic.
/// assert!(err.to_string().contains("invoice.typ"), "{err}");
/// ```
pub struct Renderer {
    engine: TypstEngine<TypstTemplateCollection>,
}

/// How old (in compilations) an unused entry of Typst's memoisation cache
/// may get. Every compilation evicts: what the templates and fonts share is
/// used by each and stays; what was particular to one document (about
/// 1 MiB an invoice) goes, so memory stays flat over a month-end of any
/// size. Evicting after every document was measured no slower than every
/// 50th; an age of 2 (or 3) took 10 % fewer instructions an invoice than 1
/// or 4 (callgrind; README, figures).
const EVICT_AGE: usize = 2;

impl Default for Renderer {
    fn default() -> Renderer {
        Renderer::new()
    }
}

impl Renderer {
    /// An engine with all templates and the fonts embedded in the binary
    /// (Libertinus Serif, New Computer Modern, DejaVu Sans Mono); no system
    /// font and no network is ever used.
    pub fn new() -> Renderer {
        let fonts = TypstKitFontOptions::default()
            .include_system_fonts(false)
            .include_embedded_fonts(true);
        let engine = TypstEngine::builder()
            .search_fonts_with(fonts)
            .with_static_source_file_resolver(SOURCES)
            .build();
        Renderer { engine }
    }

    /// Compiles a template with `view` as its data: a JSON text the template
    /// reads in place of its sample file (`<name>.sample.json`) and decodes.
    /// The text of the data is never evaluated as Typst markup.
    ///
    /// # Errors
    ///
    /// [`Error::Serialize`] when `view` cannot be serialised;
    /// [`Error::Template`] with Typst's diagnostics (file, line, column).
    pub fn compile<V: Serialize>(
        &self,
        template: Template,
        view: &V,
    ) -> Result<PagedDocument, Error> {
        let json = serde_json::to_vec(view).map_err(|source| Error::Serialize {
            template: template.file(),
            source,
        })?;
        self.compile_data(template, json)
    }

    /// Compiles a template with `data`, a JSON text, as its data.
    fn compile_data(&self, template: Template, data: Vec<u8>) -> Result<PagedDocument, Error> {
        let world = DocumentWorld::new(&self.engine, template.file(), template.data_file(), data)
            .map_err(|e| library_error(template, e))?;
        let result = typst::compile::<PagedDocument>(&world).output;
        typst::comemo::evict(EVICT_AGE);
        result.map_err(|diagnostics| Error::Template {
            template: template.file(),
            diagnostics: locate(&world, &diagnostics),
        })
    }

    /// Compiles and exports a template to PDF. `ident` identifies the
    /// document stably (an invoice number, a contract id): with the
    /// document date set by the template, the same input always gives the
    /// same bytes. Contracts and house rules are PDF/A-2b.
    ///
    /// # Errors
    ///
    /// As [`Renderer::compile`], and [`Error::Pdf`] when the export fails
    /// (for instance a PDF/A rule broken by the template).
    pub fn pdf<V: Serialize>(
        &self,
        template: Template,
        view: &V,
        ident: &str,
    ) -> Result<Vec<u8>, Error> {
        let document = self.compile(template, view)?;
        self.export(template, &document, ident)
    }

    /// Exports a compiled document.
    ///
    /// # Errors
    ///
    /// [`Error::Pdf`] when Typst cannot export it.
    pub fn export(
        &self,
        template: Template,
        document: &PagedDocument,
        ident: &str,
    ) -> Result<Vec<u8>, Error> {
        let standards = if template.archival() {
            PdfStandards::new(&[PdfStandard::A_2b])
        } else {
            Ok(PdfStandards::default())
        }
        .map_err(|e| Error::Pdf {
            template: template.file(),
            message: e.message().to_string(),
        })?;
        let options = PdfOptions {
            ident: Smart::Custom(format!("care-engine/{}/{ident}", template.file())),
            creator: Smart::Custom(Some("care-engine".to_string())),
            timestamp: None,
            standards,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(document, &options).map_err(|diagnostics| Error::Pdf {
            template: template.file(),
            message: diagnostics
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        })
    }
}

/// One document to render: its template, its view and its stable ident
/// (see [`Renderer::pdf`]).
#[derive(Clone, Copy, Debug)]
pub struct Document<'a, V> {
    /// The template.
    pub template: Template,
    /// Its data.
    pub view: &'a V,
    /// The document's stable id, such as the invoice number.
    pub ident: &'a str,
}

/// Renders many documents on `threads` threads, one engine each, and
/// returns their PDFs in the order given: the same bytes as one thread
/// gives (a document's bytes depend only on its input).
///
/// Building an engine takes a moment (the fonts), so this pays for
/// batches, such as a month-end's invoices.
///
/// # Errors
///
/// Each document's result is its own: one that fails does not stop the
/// others (see [`Renderer::pdf`]).
///
/// # Example
///
/// ```
/// use care_docs::{pdf_all, Document, Template};
/// # let f = care_core::sample::antoniushof_2020()?;
/// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
/// # let invoice = care_core::sample::invoice(&f, &c, "2026-06".parse()?)?;
/// let view = care_docs::view::invoice_view(&invoice, &f, &c)?;
/// let documents = [Document { template: Template::Invoice, view: &view, ident: &view.number }];
/// let two = std::num::NonZeroUsize::MIN.saturating_add(1);
/// let pdfs = pdf_all(&documents, two);
/// assert!(pdfs[0].as_ref().is_ok_and(|pdf| pdf.starts_with(b"%PDF")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pdf_all<V: Serialize + Sync>(
    documents: &[Document<'_, V>],
    threads: NonZeroUsize,
) -> Vec<Result<Vec<u8>, Error>> {
    let mut pdfs: Vec<Option<Result<Vec<u8>, Error>>> = documents.iter().map(|_| None).collect();
    let handed = pdf_each(documents, threads, |index, pdf| {
        pdfs[index] = Some(pdf);
        Ok::<(), std::convert::Infallible>(())
    });
    // The writer never fails, so every document is handed over.
    let Ok(()) = handed;
    pdfs.into_iter()
        .zip(documents)
        .map(|(pdf, d)| {
            pdf.unwrap_or_else(|| {
                Err(Error::Pdf {
                    template: d.template.file(),
                    message: format!("{} was not rendered", d.ident),
                })
            })
        })
        .collect()
}

/// Renders many documents on `threads` threads, one engine each, and hands
/// each PDF to `write` as soon as it is made, on the calling thread, with
/// the document's index: memory holds a few PDFs at a time, however many
/// documents there are. The bytes are those [`pdf_all`] gives.
///
/// # Errors
///
/// The first error `write` returns stops the handing over (the threads
/// finish the PDFs in hand) and is returned. A document that fails to
/// render is handed over as its error.
///
/// # Example
///
/// ```
/// use care_docs::{pdf_each, Document, Template};
/// # let f = care_core::sample::antoniushof_2020()?;
/// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
/// # let invoice = care_core::sample::invoice(&f, &c, "2026-06".parse()?)?;
/// let view = care_docs::view::invoice_view(&invoice, &f, &c)?;
/// let documents = [Document { template: Template::Invoice, view: &view, ident: &view.number }];
/// let mut sizes = Vec::new();
/// pdf_each(&documents, std::num::NonZeroUsize::MIN, |index, pdf| {
///     sizes.push((index, pdf?.len()));
///     Ok::<(), care_docs::Error>(())
/// })?;
/// assert_eq!(sizes.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pdf_each<V, E, F>(
    documents: &[Document<'_, V>],
    threads: NonZeroUsize,
    mut write: F,
) -> Result<(), E>
where
    V: Serialize + Sync,
    F: FnMut(usize, Result<Vec<u8>, Error>) -> Result<(), E>,
{
    let threads = threads.get().min(documents.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (send, receive) = std::sync::mpsc::sync_channel(threads * 2);
    std::thread::scope(|scope| {
        let mut workers = Vec::with_capacity(threads);
        for _ in 0..threads {
            let send = send.clone();
            let (next, stop) = (&next, &stop);
            workers.push(scope.spawn(move || {
                let renderer = Renderer::new();
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(d) = documents.get(index) else { break };
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let pdf = renderer.pdf(d.template, d.view, d.ident);
                    if send.send((index, pdf)).is_err() {
                        break;
                    }
                }
            }));
        }
        drop(send);
        let mut result = Ok(());
        let mut handed = vec![false; documents.len()];
        for (index, pdf) in receive {
            handed[index] = true;
            if result.is_ok() {
                result = write(index, pdf);
                if result.is_err() {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }
        // A panic inside Typst is a bug there: the documents its thread
        // held are handed over as errors, never lost silently.
        let panicked = workers.into_iter().any(|w| w.join().is_err());
        if panicked && result.is_ok() {
            for (index, d) in documents.iter().enumerate().filter(|(i, _)| !handed[*i]) {
                let error = Error::Pdf {
                    template: d.template.file(),
                    message: format!("the render thread of {} panicked", d.ident),
                };
                result = write(index, Err(error));
                if result.is_err() {
                    break;
                }
            }
        }
        result
    })
}

/// Compiles a template as `typst compile <template>` would on its own,
/// reading `sample` as its `<name>.sample.json`. For template authors
/// checking a template against its sample data.
///
/// # Errors
///
/// [`Error::Template`] with Typst's diagnostics.
///
/// # Example
///
/// ```
/// use care_docs::Template;
/// let sample = include_str!("../templates/dunning.sample.json");
/// let document = care_docs::render_standalone(Template::Dunning, sample)?;
/// assert_eq!(document.pages().len(), 1);
/// # Ok::<(), care_docs::Error>(())
/// ```
pub fn render_standalone(template: Template, sample: &str) -> Result<PagedDocument, Error> {
    Renderer::new().compile_data(template, sample.as_bytes().to_vec())
}

/// The world one document is compiled in: the engine's templates, fonts
/// and standard library, with the document's data served as the file the
/// template reads its sample from.
///
/// The data does not go in `sys.inputs`: that would build a new standard
/// library for every document, and Typst, which keys its memoised work on
/// the library, would hash it again and redo for each document what the
/// templates and fonts have in common. Here the library is the engine's,
/// built once. A document has no clock either (`datetime.today()` is
/// `none`): its dates come with its data.
struct DocumentWorld<'a> {
    base: TypstWorld<'a>,
    data_file: FileId,
    data: Bytes,
}

impl<'a> DocumentWorld<'a> {
    fn new(
        engine: &'a TypstEngine<TypstTemplateCollection>,
        template: &str,
        data_file: &str,
        data: Vec<u8>,
    ) -> Result<DocumentWorld<'a>, TypstAsLibError> {
        Ok(DocumentWorld {
            base: engine.world_builder(project_file(template)?).build()?,
            data_file: project_file(data_file)?,
            data: Bytes::new(data),
        })
    }
}

/// The file `name` at the root of the templates.
fn project_file(name: &str) -> Result<FileId, TypstAsLibError> {
    VirtualPath::new(name)
        .map(|p| RootedPath::new(VirtualRoot::Project, p).intern())
        .map_err(|e| TypstAsLibError::Unspecified(format!("{name}: {e:?}").into()))
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.base.library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.base.book()
    }

    fn main(&self) -> FileId {
        self.base.main()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.base.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_file {
            Ok(self.data.clone())
        } else {
            self.base.file(id)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.base.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn library_error(template: Template, error: TypstAsLibError) -> Error {
    Error::Template {
        template: template.file(),
        diagnostics: vec![Diagnostic {
            file: template.file().to_string(),
            line: 0,
            column: 0,
            message: error.to_string(),
            hints: Vec::new(),
        }],
    }
}

/// Turns Typst's diagnostics into ones with a file, line and column.
fn locate(world: &dyn World, diagnostics: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let mut file = String::from("?");
            let (mut line, mut column) = (0, 0);
            let located = match d.span.get() {
                DiagSpanKind::Number { id, num, sub_range } => Some((
                    id,
                    world
                        .source(id)
                        .ok()
                        .and_then(|s| s.range(num, sub_range).map(|r| (s, r))),
                )),
                DiagSpanKind::Range { id, range } => {
                    Some((id, world.source(id).ok().map(|s| (s, range))))
                }
                DiagSpanKind::Detached => None,
            };
            if let Some((id, source)) = located {
                file = id.vpath().get_without_slash().to_string();
                if let Some((l, c)) =
                    source.and_then(|(s, r)| s.lines().byte_to_line_column(r.start))
                {
                    line = l + 1;
                    column = c + 1;
                }
            }
            Diagnostic {
                file,
                line,
                column,
                message: d.message.to_string(),
                hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
            }
        })
        .collect()
}

/// The text of a compiled document, page by page, for tests and search:
/// every run of text in reading order of the layout, separated by spaces.
///
/// # Example
///
/// ```
/// # use care_docs::{Renderer, Template, document_text};
/// # let renderer = Renderer::new();
/// # let f = care_core::sample::antoniushof_2020()?;
/// # let c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-06-01")?;
/// # let invoice = care_core::sample::invoice(&f, &c, "2026-06".parse()?)?;
/// # let view = care_docs::view::invoice_view(&invoice, &f, &c)?;
/// let document = renderer.compile(Template::Invoice, &view)?;
/// assert!(document_text(&document).contains("Factuur"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn document_text(document: &PagedDocument) -> String {
    fn walk(frame: &Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Text(text) => {
                    out.push_str(text.text.as_str());
                    out.push(' ');
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for page in document.pages() {
        walk(&page.frame, &mut out);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world<'a>(renderer: &'a Renderer, template: Template, data: &str) -> DocumentWorld<'a> {
        DocumentWorld::new(
            &renderer.engine,
            template.file(),
            template.data_file(),
            data.as_bytes().to_vec(),
        )
        .expect("a world") // ok: a test; the templates' names are valid paths
    }

    #[test]
    fn every_document_shares_the_engines_library_and_reads_only_its_own_data() {
        let renderer = Renderer::new();
        let invoice = world(&renderer, Template::Invoice, r#"{"n": 1}"#);
        let letter = world(&renderer, Template::Dunning, r#"{"n": 2}"#);
        // One standard library for all documents: what Typst memoised for
        // one document's templates serves the next.
        assert!(std::ptr::eq(invoice.library(), letter.library()));
        let read = |w: &DocumentWorld<'_>, name: &str| {
            let id = project_file(name).expect("a path"); // ok: a test, fixed names
            w.file(id).map(|b| b.as_slice().to_vec())
        };
        assert_eq!(
            read(&invoice, "invoice.sample.json"),
            Ok(br#"{"n": 1}"#.to_vec())
        );
        assert!(read(&invoice, "dunning.sample.json").is_err());
        assert_eq!(
            read(&letter, "dunning.sample.json"),
            Ok(br#"{"n": 2}"#.to_vec())
        );
        // No clock: a document's dates come with its data.
        assert_eq!(invoice.today(None), None);
    }

    #[test]
    fn every_template_reads_the_data_file_care_docs_serves_it() {
        for template in Template::ALL {
            let source = SOURCES
                .iter()
                .find(|(name, _)| *name == template.file())
                .map(|(_, text)| *text)
                .expect("a source"); // ok: a test; every template is in SOURCES
            let call = format!("load-data(\"{}\")", template.data_file());
            assert!(source.contains(&call), "{} lacks {call}", template.file());
        }
    }
}
