//! # care-engine
//!
//! The workspace of care-engine: [`care_core`] (the domain) and
//! [`care_docs`] (documents). This crate re-exports both and reads the
//! data sets in `fixtures/` from disk, for services and tests that keep
//! their data as files.

pub use care_core;
pub use care_docs;

use std::path::{Path, PathBuf};

use care_core::assisted_living::fixture::{Fixture, Source, Sources};

/// Why a data set could not be loaded: a file that cannot be read, or a
/// mistake in one (which names the file, record and field).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// A file that cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A mistake in a file.
    #[error(transparent)]
    Data(#[from] care_core::Error),
}

/// An error with its causes on one line, `outer: cause: …`: what the
/// examples print for the clerk.
///
/// # Example
///
/// ```
/// let error = care_engine::load_fixture(std::path::Path::new("fixtures/nowhere")).unwrap_err();
/// let line = care_engine::error_chain(&error);
/// assert!(line.starts_with("cannot read fixtures/nowhere/../reference/cpi.toml: "), "{line}");
/// ```
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

fn read(path: &Path) -> Result<String, LoadError> {
    std::fs::read_to_string(path).map_err(|source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads and parses a fixture folder such as `fixtures/antoniushof`, with
/// the CPI table from `reference/cpi.toml` beside it.
///
/// # Errors
///
/// [`LoadError::Read`] naming the file that cannot be read;
/// [`LoadError::Data`] naming the file, record and field of a mistake in it (see [`care_core::assisted_living::fixture`]).
///
/// # Example
///
/// ```
/// let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
/// let fixture = care_engine::load_fixture(&root.join("fixtures/botermarktpoort"))?;
/// assert_eq!(fixture.facility.flats().len(), 19);
/// # Ok::<(), care_engine::LoadError>(())
/// ```
pub fn load_fixture(dir: &Path) -> Result<Fixture, LoadError> {
    let paths = [
        dir.join("../reference/cpi.toml"),
        dir.join("facility.toml"),
        dir.join("contracts.toml"),
    ];
    let mut texts = Vec::with_capacity(3);
    for path in &paths {
        texts.push(read(path)?);
    }
    let names = paths.map(|p| p.display().to_string());
    Fixture::parse(Sources {
        cpi: Source {
            name: &names[0],
            text: &texts[0],
        },
        facility: Source {
            name: &names[1],
            text: &texts[1],
        },
        contracts: Source {
            name: &names[2],
            text: &texts[2],
        },
    })
    .map_err(LoadError::from)
}

/// Reads the payments received for a fixture's contracts from
/// `payments.toml` in its folder; none when there is no such file.
///
/// # Errors
///
/// [`LoadError::Read`] for a file that cannot be read; [`LoadError::Data`]
/// naming the file, payment and field of a mistake.
///
/// # Example
///
/// ```
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/antoniushof");
/// let fixture = care_engine::load_fixture(&dir)?;
/// let payments = care_engine::load_payments(&dir, &fixture)?;
/// assert!(!payments.is_empty());
/// # Ok::<(), care_engine::LoadError>(())
/// ```
pub fn load_payments(
    dir: &Path,
    fixture: &Fixture,
) -> Result<Vec<care_core::receivables::ledger::Payment>, LoadError> {
    let path = dir.join("payments.toml");
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = read(&path)?;
    let name = path.display().to_string();
    care_core::assisted_living::fixture::parse_payments(
        Source {
            name: &name,
            text: &text,
        },
        &fixture.contracts,
    )
    .map_err(LoadError::from)
}

/// Reads the statutory interest table, `reference/interest.toml` beside a
/// fixture's folder.
///
/// # Errors
///
/// [`LoadError::Read`] for a file that cannot be read; [`LoadError::Data`]
/// naming the file and the field of a mistake.
pub fn load_interest(
    dir: &Path,
) -> Result<care_core::receivables::interest::InterestTable, LoadError> {
    load_rate_table(dir, "interest.toml")
}

fn load_rate_table(
    dir: &Path,
    file: &str,
) -> Result<care_core::receivables::interest::InterestTable, LoadError> {
    let path = dir.join("../reference").join(file);
    let text = read(&path)?;
    let name = path.display().to_string();
    care_core::assisted_living::fixture::parse_interest(Source {
        name: &name,
        text: &text,
    })
    .map_err(LoadError::from)
}

/// Reads the interest rates of the blocked deposit accounts,
/// `reference/deposit-interest.toml` beside a fixture's folder.
///
/// # Errors
///
/// [`LoadError::Read`] for a file that cannot be read; [`LoadError::Data`]
/// naming the file and the field of a mistake.
pub fn load_deposit_interest(
    dir: &Path,
) -> Result<care_core::receivables::interest::InterestTable, LoadError> {
    load_rate_table(dir, "deposit-interest.toml")
}
