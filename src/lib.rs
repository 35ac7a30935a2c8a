//! # care-engine
//!
//! The workspace of care-engine: [`care_core`] (the domain) and
//! [`care_docs`] (documents). This crate re-exports both and reads the
//! data sets in `fixtures/` from disk, for services and tests that keep
//! their data as files.

pub use care_core;
pub use care_docs;

use std::path::Path;

use care_core::assisted_living::fixture::{Fixture, Source, Sources};

/// Reads and parses a fixture folder such as `fixtures/antoniushof`, with
/// the CPI table from `reference/cpi.toml` beside it.
///
/// # Errors
///
/// A message naming the file that cannot be read, or the file, record and
/// field of a mistake in it (see [`care_core::assisted_living::fixture`]).
///
/// # Example
///
/// ```
/// let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
/// let fixture = care_engine::load_fixture(&root.join("fixtures/botermarktpoort"))?;
/// assert_eq!(fixture.facility.flats().len(), 19);
/// # Ok::<(), String>(())
/// ```
pub fn load_fixture(dir: &Path) -> Result<Fixture, String> {
    let paths = [
        dir.join("../reference/cpi.toml"),
        dir.join("facility.toml"),
        dir.join("contracts.toml"),
    ];
    let mut texts = Vec::with_capacity(3);
    for path in &paths {
        texts.push(std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?);
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
    .map_err(|e| e.to_string())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads the payments received for a fixture's contracts from
/// `payments.toml` in its folder; none when there is no such file.
///
/// # Errors
///
/// A message naming the file, payment and field of a mistake.
///
/// # Example
///
/// ```
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/antoniushof");
/// let fixture = care_engine::load_fixture(&dir)?;
/// let payments = care_engine::load_payments(&dir, &fixture)?;
/// assert!(!payments.is_empty());
/// # Ok::<(), String>(())
/// ```
pub fn load_payments(
    dir: &Path,
    fixture: &Fixture,
) -> Result<Vec<care_core::receivables::ledger::Payment>, String> {
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
    .map_err(|e| e.to_string())
}

/// Reads the statutory interest table, `reference/interest.toml` beside a
/// fixture's folder.
///
/// # Errors
///
/// A message naming the file and the field of a mistake.
pub fn load_interest(
    dir: &Path,
) -> Result<care_core::receivables::interest::InterestTable, String> {
    load_rate_table(dir, "interest.toml")
}

fn load_rate_table(
    dir: &Path,
    file: &str,
) -> Result<care_core::receivables::interest::InterestTable, String> {
    let path = dir.join("../reference").join(file);
    let text = read(&path)?;
    let name = path.display().to_string();
    care_core::assisted_living::fixture::parse_interest(Source {
        name: &name,
        text: &text,
    })
    .map_err(|e| e.to_string())
}

/// Reads the interest rates of the blocked deposit accounts,
/// `reference/deposit-interest.toml` beside a fixture's folder.
///
/// # Errors
///
/// A message naming the file and the field of a mistake.
pub fn load_deposit_interest(
    dir: &Path,
) -> Result<care_core::receivables::interest::InterestTable, String> {
    load_rate_table(dir, "deposit-interest.toml")
}
