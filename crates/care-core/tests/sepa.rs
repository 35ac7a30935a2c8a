//! SEPA direct debit: FRST then RCUR, validated in-process against the ISO
//! 20022 pain.008.001.02 schema (types generated from it, `pain008/`) and
//! read back; `.ci/run` cross-checks the same files with xmllint. GAW-8, SAW-6.

use care_core::assisted_living::billing::{month_end, MonthEndOptions};
use care_core::assisted_living::collection::{collections_for, CollectionOptions};
use care_core::assisted_living::invoice::{Invoice, InvoiceSequence, IssueOptions};
use care_core::calendar::date;
use care_core::receivables::sepa::{
    pain_008, read_pain_008, BatchOptions, Creditor, Mandate, SequenceType,
};
use care_core::sample::{antoniushof_2020, gaw_contract};
use care_core::{Contract, Error, Facility};
use std::path::Path;

mod pain008;

fn mandate(signed: &str) -> Mandate {
    Mandate {
        id: "AH-1-p1".into(),
        payer: "p1".parse().unwrap(),
        signed_on: signed.parse().unwrap(),
        debtor: "Maria Peeters & Co <test>".into(),
        iban: "BE71 0961 2345 6769".parse().unwrap(),
        bic: "GKCCBEBB".into(),
    }
}

fn setup(signed: &str) -> (Facility, Contract) {
    let f = antoniushof_2020().unwrap();
    let mut c = gaw_contract(&f, "AH-1", "A01", "2026-05-01").unwrap();
    let mut data = c.data().clone();
    data.mandates.push(mandate(signed));
    c = Contract::new(data, &f).unwrap();
    (f, c)
}

fn options(f: &Facility, month: &str, collect: &str) -> BatchOptions {
    let op = &f.info().operator;
    BatchOptions {
        message_id: format!("AH-DD-{month}"),
        created_at: date(2026, 6, 30).unwrap().and_hms_opt(9, 30, 0).unwrap(),
        collection_date: collect.parse().unwrap(),
        latest_day_of_month: None,
        creditor: Creditor {
            name: op.name.clone(),
            iban: op.iban.clone().unwrap(),
            bic: op.bic.clone().unwrap(),
            scheme_id: op.creditor_id.clone().unwrap(),
        },
    }
}

fn issue(f: &Facility, c: &Contract, history: &[Invoice], month: &str) -> Vec<Invoice> {
    let m = month.parse().unwrap();
    let run = month_end(
        f,
        std::slice::from_ref(c),
        history,
        &MonthEndOptions::new(m),
    );
    InvoiceSequence::continue_after("AH", 2026, history)
        .unwrap()
        .issue(run.invoices, &IssueOptions::new(m.last_day()))
        .unwrap()
}

/// The schema check every test runs in-process (`pain008`), and the
/// file written for `.ci/run`'s xmllint cross-check when `CARE_XMLLINT_DIR`
/// names a folder.
fn schema_valid(xml: &str, name: &str) {
    if let Err(e) = pain008::validate(xml) {
        panic!("pain.008 {name} is not schema-valid: {e}\n{xml}");
    }
    if let Some(dir) = std::env::var_os("CARE_XMLLINT_DIR") {
        std::fs::write(Path::new(&dir).join(format!("{name}.xml")), xml).unwrap();
    }
}

#[test]
fn saw_6_first_then_recurring_collection_is_schema_valid_and_reads_back() {
    // SAW-6, GAW-8: direct debits are collected by the 12th of the month.
    let (f, c) = setup("2026-04-20");
    let may = issue(&f, &c, &[], "2026-05");
    let first = collections_for(
        &f,
        std::slice::from_ref(&c),
        &may,
        &CollectionOptions::default(),
    )
    .unwrap();
    assert_eq!(first[0].sequence, SequenceType::First);
    let xml = pain_008(&options(&f, "2026-05", "2026-06-10"), &first).unwrap();
    schema_valid(&xml, "frst");
    let back = read_pain_008(&xml).unwrap();
    assert_eq!(back.count, 1);
    assert_eq!(back.control_sum, may[0].total());
    assert_eq!(back.collections[0].0, may[0].number().as_str());
    assert_eq!(back.collections[0].3, SequenceType::First);
    assert_eq!(back.collections[0].4, "610100000122"); // +++610/1000/00122+++
    assert!(
        xml.contains("Maria Peeters &amp; Co &lt;test&gt;"),
        "names are escaped"
    );

    let june = issue(&f, &c, &may, "2026-06");
    let next = collections_for(
        &f,
        std::slice::from_ref(&c),
        &june,
        &CollectionOptions {
            previous: &may,
            ..CollectionOptions::default()
        },
    )
    .unwrap();
    assert_eq!(next[0].sequence, SequenceType::Recurring);
    let xml = pain_008(&options(&f, "2026-06", "2026-07-10"), &next).unwrap();
    schema_valid(&xml, "rcur");
    assert_eq!(
        read_pain_008(&xml).unwrap().collections[0].3,
        SequenceType::Recurring
    );
}

#[test]
fn direct_debits_refuse_what_a_bank_would() {
    let (f, c) = setup("2026-04-20");
    let may = issue(&f, &c, &[], "2026-05");
    let collections = collections_for(
        &f,
        std::slice::from_ref(&c),
        &may,
        &CollectionOptions::default(),
    )
    .unwrap();
    // A collection after the 12th where the contracts name it (SAW-6); a
    // GAW batch may fall on the 15th (GAW-8a: its texts name no day).
    let mut saw = options(&f, "2026-05", "2026-06-15");
    saw.latest_day_of_month = Some(12);
    let err = pain_008(&saw, &collections).unwrap_err();
    assert!(err.chain().contains("after the 12th"), "{}", err.chain());
    assert!(pain_008(&options(&f, "2026-05", "2026-06-15"), &collections).is_ok());
    // A mandate signed after its first collection.
    let mut late = collections.clone();
    late[0].mandate.signed_on = "2026-06-11".parse().unwrap();
    let err = pain_008(&options(&f, "2026-05", "2026-06-10"), &late).unwrap_err();
    assert!(
        matches!(err, Error::InvalidMandate { .. }) && err.chain().contains("after the collection"),
        "{err}"
    );
    // An invalid IBAN cannot be written on a mandate: it is refused when
    // it is read.
    let err = "BE71 0961 2345 6760"
        .parse::<care_core::receivables::reference::Iban>()
        .unwrap_err();
    assert!(err.chain().contains("invalid IBAN"), "{}", err.chain());
    let mut data = serde_json::to_value(c.data()).unwrap();
    data["mandates"][0]["iban"] = "BE71 0961 2345 6760".into();
    let err = serde_json::from_value::<care_core::assisted_living::contract::ContractData>(data)
        .unwrap_err();
    assert!(err.to_string().contains("invalid IBAN"), "{err}");
    // An empty batch.
    assert!(pain_008(&options(&f, "2026-05", "2026-06-10"), &[]).is_err());
    // A collection past year 9999 (a month close of December 9999): an
    // ISO 20022 date has four digits, so the batch is refused, not written
    // as "+10000-01-14".
    let mut far = options(&f, "2026-05", "2026-06-10");
    far.collection_date = date(9999, 12, 31).unwrap() + chrono::Days::new(14);
    let err = pain_008(&far, &collections).unwrap_err();
    assert!(err.chain().contains("year 10000"), "{}", err.chain());
}

#[test]
fn the_schema_check_catches_what_the_schema_forbids() {
    // The in-process validator must accept our file and refuse each broken
    // variant that libxml2 refuses (../shared/notes/iso20022.md).
    let (f, c) = setup("2026-04-20");
    let may = issue(&f, &c, &[], "2026-05");
    let first = collections_for(
        &f,
        std::slice::from_ref(&c),
        &may,
        &CollectionOptions::default(),
    )
    .unwrap();
    let xml = pain_008(&options(&f, "2026-05", "2026-06-10"), &first).unwrap();
    pain008::validate(&xml).unwrap();

    // A 36-character mandate id (Max35Text).
    let long = xml.replace(
        "<MndtId>AH-1-p1</MndtId>",
        &format!("<MndtId>{}</MndtId>", "M".repeat(36)),
    );
    assert_ne!(long, xml);
    let err = pain008::validate(&long).unwrap_err();
    assert!(err.contains("35"), "{err}");

    // A wrong element order: NbOfTxs before CreDtTm in the group header.
    let start = xml.find("<CreDtTm>").unwrap();
    let end = xml.find("</CreDtTm>").unwrap() + "</CreDtTm>".len();
    let created = &xml[start..end];
    let swapped =
        xml.replacen(created, "", 1)
            .replacen("</NbOfTxs>", &format!("</NbOfTxs>{created}"), 1);
    assert_ne!(swapped, xml);
    assert!(pain008::validate(&swapped).is_err());

    // A missing mandatory element, an unknown one, a value outside its code
    // list, a broken IBAN pattern, a negative amount.
    let refused = |from: &str, to: &str| {
        let broken = xml.replacen(from, to, 1);
        assert_ne!(broken, xml, "{from} is in the file");
        assert!(pain008::validate(&broken).is_err(), "{from} → {to} passed");
    };
    refused("<PmtMtd>DD</PmtMtd>", "");
    refused("<ChrgBr>", "<Extra>x</Extra><ChrgBr>");
    refused("<SeqTp>FRST</SeqTp>", "<SeqTp>NEXT</SeqTp>");
    refused("<IBAN>BE", "<IBAN>be");
    refused("Ccy=\"EUR\">", "Ccy=\"EUR\">-");
}

#[test]
fn gaw_8a_the_collection_is_the_share_less_the_payers_credit() {
    // GAW-8a: €100 received before the May invoice is credit; the debit
    // collects the share less it. FNAL only when the mandate is closing.
    let (f, c) = setup("2026-04-20");
    let may = issue(&f, &c, &[], "2026-05");
    let payments = vec![care_core::receivables::ledger::Payment {
        id: "b1".into(),
        contract: "AH-1".parse().unwrap(),
        payer: "p1".parse().unwrap(),
        on: "2026-05-15".parse().unwrap(),
        amount: "100.00".parse().unwrap(),
        reference: None,
    }];
    let options = CollectionOptions {
        payments: &payments,
        ..CollectionOptions::default()
    };
    let first = collections_for(&f, std::slice::from_ref(&c), &may, &options).unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].amount, may[0].total() - "100.00".parse().unwrap());
    assert_eq!(first[0].sequence, SequenceType::First);

    // June after May: RCUR, and FNAL only when the clerk closes the mandate.
    let june = issue(&f, &c, &may, "2026-06");
    let closing = ["AH-1-p1".to_string()];
    for (closing, expected) in [
        (&[][..], SequenceType::Recurring),
        (&closing[..], SequenceType::Final),
    ] {
        let options = CollectionOptions {
            previous: &may,
            payments: &[],
            closing,
        };
        let next = collections_for(&f, std::slice::from_ref(&c), &june, &options).unwrap();
        assert_eq!(next[0].sequence, expected);
    }
}

#[test]
fn gaw_8a_a_credit_note_is_never_collected() {
    // GAW-8a: a death on 10 May reported after May was invoiced gives a
    // credit note in June; a credit note is never collected.
    let (f, mut c) = setup("2026-04-20");
    let may = issue(&f, &c, &[], "2026-05");
    c.record(
        care_core::assisted_living::event::Event::Death {
            resident: "r1".into(),
            on: "2026-05-10".parse().unwrap(),
        },
        &f,
    )
    .unwrap();
    let june = issue(&f, &c, &may, "2026-06");
    assert_eq!(june.len(), 1);
    assert_eq!(
        june[0].kind(),
        care_core::assisted_living::invoice::InvoiceKind::CreditNote
    );
    let options = CollectionOptions {
        previous: &may,
        ..CollectionOptions::default()
    };
    let collections = collections_for(&f, std::slice::from_ref(&c), &june, &options).unwrap();
    assert!(collections.is_empty(), "{collections:?}");
}

#[test]
fn gaw_8a_a_gaw_collection_is_pre_notified_14_days_ahead_saw_by_the_12th() {
    // GAW-8a: the GAW texts hold no collection day, so the invoice
    // pre-notifies the debit 14 calendar days ahead unless the facility
    // records an agreed shorter period; SAW collects by the 12th (SAW-6).
    let gaw = antoniushof_2020().unwrap();
    let issued = date(2026, 6, 30).unwrap();
    let at = issued.and_hms_opt(18, 0, 0).unwrap();
    let batch = BatchOptions::for_facility(&gaw, "AH-DD", at, issued).unwrap();
    assert_eq!(batch.collection_date, date(2026, 7, 14).unwrap());
    assert_eq!(batch.latest_day_of_month, None);
    let saw = care_core::sample::botermarktpoort_2020().unwrap();
    let batch = BatchOptions::for_facility(&saw, "BMP-DD", at, issued).unwrap();
    assert_eq!(batch.collection_date, date(2026, 7, 10).unwrap());
    assert_eq!(batch.latest_day_of_month, Some(12));
    // An agreed shorter period is facility data.
    let mut info = gaw.info().clone();
    info.terms.direct_debit_notice_days = 5;
    let agreed = Facility::new(info, gaw.flats().to_vec(), gaw.tariff().clone()).unwrap();
    assert_eq!(
        care_core::assisted_living::collection::collection_date(&agreed, issued),
        date(2026, 7, 5).unwrap()
    );
}
