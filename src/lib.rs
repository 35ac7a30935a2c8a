//! # care-engine
//!
//! The workspace of care-engine: [`care_core`] (the domain) and
//! [`care_docs`] (documents). This crate re-exports both and reads the
//! data sets in `fixtures/` from disk, for services and tests that keep
//! their data as files.

pub use care_core;
pub use care_docs;

use std::path::Path;

use care_core::fixture::{Fixture, Source, Sources};

/// Reads and parses a fixture folder such as `fixtures/antoniushof`, with
/// the CPI table from `reference/cpi.toml` beside it.
///
/// # Errors
///
/// A message naming the file that cannot be read, or the file, record and
/// field of a mistake in it (see [`care_core::fixture`]).
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
