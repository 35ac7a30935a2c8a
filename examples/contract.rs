//! Writes the signable contract of one resident, with the house rules
//! annex, as PDF/A-2b; the facility's house rules alone; and the written
//! notice of every price change the contract was notified of.
//!
//! ```text
//! cargo run --example contract -- --fixture fixtures/antoniushof --contract AH-001 [--out out/] [--signed-on 2021-02-20]
//! ```

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

use care_core::assisted_living::facility::FacilityKind;
use care_docs::{Renderer, Template};
use care_engine::load_fixture;
use chrono::NaiveDate;
use clap::Parser;

/// The signable documents of one contract of a fixture.
#[derive(Parser)]
#[command(name = "contract")]
struct Args {
    /// The fixture folder, such as `fixtures/antoniushof`.
    #[arg(long)]
    fixture: PathBuf,
    /// The contract's id, such as `AH-001`.
    #[arg(long)]
    contract: String,
    /// Where to write the PDFs.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// The signing date printed on the contract, YYYY-MM-DD; blank lines
    /// to fill by hand without it.
    #[arg(long)]
    signed_on: Option<NaiveDate>,
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();
    let fixture = load_fixture(&args.fixture)?;
    let id = &args.contract;
    let Some(contract) = fixture.contracts.iter().find(|c| c.id().as_str() == id) else {
        let known: Vec<_> = fixture.contracts.iter().map(|c| c.id()).collect();
        return Err(format!(
            "{}: no contract {id:?}; known: {}",
            args.fixture.display(),
            known
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into());
    };
    let facility = &fixture.facility;
    let view = care_docs::view::contract_view(contract, facility, args.signed_on)?;
    let template = match facility.kind() {
        FacilityKind::Gaw => Template::GawContract,
        FacilityKind::Saw => Template::SawContract,
    };
    let renderer = Renderer::new();
    let out = &args.out;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |name: String, pdf: Vec<u8>| -> Result<(), Box<dyn Error>> {
        let path = out.join(name);
        std::fs::write(&path, pdf).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
        Ok(())
    };
    write(format!("{id}.pdf"), renderer.pdf(template, &view, id)?)?;
    let rules = care_docs::view::house_rules_view(facility, contract.data().agreement.start());
    write(
        format!("house-rules-{}.pdf", facility.id()),
        renderer.pdf(Template::HouseRules, &rules, facility.id())?,
    )?;
    for notice in &contract.data().price_notices {
        let letter = care_docs::view::price_notice_view(contract, facility, notice)?;
        let ident = format!("{id}/{}", notice.change);
        write(
            format!("{id}-price-notice-{}.pdf", notice.change),
            renderer.pdf(Template::PriceNotice, &letter, &ident)?,
        )?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", care_engine::error_chain(error.as_ref()));
            ExitCode::FAILURE
        }
    }
}
