//! In-process check of a pain.008.001.02 file against the ISO 20022 schema,
//! with nothing but Rust: the types in `generated.rs` are xsd-parser's output
//! for the official schema (`tests/data/pain.008.001.02.xsd`), and their
//! quick-xml reader refuses what the schema refuses — an element out of
//! order, a missing or repeated one, an unknown one, a value outside its
//! facets (length, pattern, enumeration). `.ci/run` cross-checks the same
//! files with libxml2's xmllint.

#[allow(
    dead_code,
    unused,
    missing_docs,
    unreachable_pub,
    clippy::all,
    clippy::pedantic
)]
mod generated;

use xsd_parser_types::quick_xml::{DeserializeSync, SliceReader, XmlReader};

/// Checks `xml` against the pain.008.001.02 schema; the error names the
/// violation and its byte position.
pub fn validate(xml: &str) -> Result<(), String> {
    let mut reader = SliceReader::new(xml).with_error_info();
    generated::Document::deserialize(&mut reader)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
