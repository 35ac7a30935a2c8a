//! The Antoniushof fixture, compiled in: what the rendering benchmarks
//! render.

use care_core::assisted_living::fixture::{Fixture, Source, Sources};

pub fn antoniushof() -> Fixture {
    Fixture::parse(Sources {
        cpi: Source {
            name: "cpi.toml",
            text: include_str!("../../../../fixtures/reference/cpi.toml"),
        },
        facility: Source {
            name: "facility.toml",
            text: include_str!("../../../../fixtures/antoniushof/facility.toml"),
        },
        contracts: Source {
            name: "contracts.toml",
            text: include_str!("../../../../fixtures/antoniushof/contracts.toml"),
        },
    })
    .expect("the fixture loads")
}
