//! Writes the signable contract of one resident, with the house rules
//! annex, as PDF/A-2b.
//!
//! ```text
//! cargo run --example contract -- --fixture fixtures/antoniushof --contract AH-001 [--out out/] [--signed-on 2021-02-20]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use care_docs::{Renderer, Template};
use care_engine::load_fixture;
use chrono::NaiveDate;

const USAGE: &str =
    "usage: contract --fixture DIR --contract ID [--out DIR] [--signed-on YYYY-MM-DD]";

fn run() -> Result<(), String> {
    let mut fixture = None;
    let mut id = None;
    let mut out = PathBuf::from("out");
    let mut signed_on: Option<NaiveDate> = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--fixture" => fixture = Some(PathBuf::from(value()?)),
            "--contract" => id = Some(value()?),
            "--out" => out = PathBuf::from(value()?),
            "--signed-on" => {
                let text = value()?;
                signed_on = Some(
                    text.parse()
                        .map_err(|_| format!("--signed-on {text:?}: expected YYYY-MM-DD"))?,
                );
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let dir = fixture.ok_or_else(|| format!("--fixture is required\n{USAGE}"))?;
    let id = id.ok_or_else(|| format!("--contract is required\n{USAGE}"))?;
    let fixture = load_fixture(&dir)?;
    let Some(contract) = fixture.contracts.iter().find(|c| c.id() == id) else {
        let known: Vec<_> = fixture.contracts.iter().map(|c| c.id()).collect();
        return Err(format!(
            "{}: no contract {id:?}; known: {}",
            dir.display(),
            known.join(", ")
        ));
    };
    let view = care_docs::view::contract_view(contract, &fixture.facility, signed_on)
        .map_err(|e| e.to_string())?;
    let template = match fixture.facility.kind() {
        care_core::facility::FacilityKind::Gaw => Template::GawContract,
        care_core::facility::FacilityKind::Saw => Template::SawContract,
    };
    let pdf = Renderer::new()
        .pdf(template, &view, &id)
        .map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let path = out.join(format!("{id}.pdf"));
    std::fs::write(&path, pdf).map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "wrote {} ({}, {} with house rules)",
        path.display(),
        view.title,
        fixture.facility.info().name
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
