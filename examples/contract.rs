//! Writes the signable contract of one resident, with the house rules
//! annex, as PDF/A-2b; the facility's house rules alone; and the written
//! notice of every price change the contract was notified of.
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
        care_core::assisted_living::facility::FacilityKind::Gaw => Template::GawContract,
        care_core::assisted_living::facility::FacilityKind::Saw => Template::SawContract,
    };
    let renderer = Renderer::new();
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |name: String, pdf: Vec<u8>| -> Result<(), String> {
        let path = out.join(name);
        std::fs::write(&path, pdf).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
        Ok(())
    };
    let pdf = renderer
        .pdf(template, &view, &id)
        .map_err(|e| e.to_string())?;
    write(format!("{id}.pdf"), pdf)?;
    let facility = &fixture.facility;
    let rules = care_docs::view::house_rules_view(facility, contract.data().agreement.start());
    let pdf = renderer
        .pdf(Template::HouseRules, &rules, facility.id())
        .map_err(|e| e.to_string())?;
    write(format!("house-rules-{}.pdf", facility.id()), pdf)?;
    for notice in &contract.data().price_notices {
        let letter = care_docs::view::price_notice_view(contract, facility, notice)
            .map_err(|e| e.to_string())?;
        let ident = format!("{id}/{}", notice.change);
        let pdf = renderer
            .pdf(Template::PriceNotice, &letter, &ident)
            .map_err(|e| e.to_string())?;
        write(format!("{id}-price-notice-{}.pdf", notice.change), pdf)?;
    }
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
