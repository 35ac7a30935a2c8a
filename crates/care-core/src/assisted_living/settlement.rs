//! The final settlement at the end of a contract (GAW-11, GAW-13, GAW-14,
//! GAW-15, SAW-8, SAW-11, SAW-13): open balances, costs charged to the next
//! of kin, and the deposit with its interest, to one amount saying who pays
//! whom.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assisted_living::facility::FacilityKind;
use crate::receivables::ledger::Statement;
use crate::{BillingMonth, Contract, Error, Money};
use crate::{ContractId, InvoiceNumber};

/// Why part of the deposit is kept (GAW-13): nothing else is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeductionReason {
    /// An obligation of the contract left unmet (unpaid invoices, repairs
    /// the contract puts on the resident).
    ContractObligation,
    /// Damage caused on purpose.
    IntentionalDamage,
}

/// A deduction from the deposit, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deduction {
    /// The reason, from the closed list.
    pub reason: DeductionReason,
    /// What for, as printed.
    pub description: String,
    /// How much.
    pub amount: Money,
    /// The unpaid invoice the deduction pays, when it is one: that invoice
    /// is then paid from the deposit, so it is counted once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice: Option<InvoiceNumber>,
}

/// The deposit held for a GAW contract, at the settlement (GAW-13).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositRelease {
    /// The deposit paid.
    pub amount: Money,
    /// The interest it earned on the blocked account (the resident's).
    pub interest: Money,
    /// What is kept, each with its reason.
    pub deductions: Vec<Deduction>,
}

/// The options of a final settlement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementOptions {
    /// Each payer's statement at the settlement date.
    pub statements: Vec<Statement>,
    /// The deposit, for GAW.
    pub deposit: Option<DepositRelease>,
    /// Real, provable clearance and storage costs after the window, charged
    /// to the next of kin (GAW-15, SAW-11): description and amount.
    pub next_of_kin_costs: Vec<(String, Money)>,
    /// The assets of the estate, when known: unpaid costs are recovered up
    /// to them (SAW-13).
    pub estate_assets: Option<Money>,
    /// The last month whose invoices for the contract have been issued
    /// (month close passes the month it closes). The settlement is final
    /// only once this is the month of the stay's last charge (GAW-27);
    /// `None`: not known, so the settlement is provisional.
    pub invoiced_through: Option<BillingMonth>,
}

/// What a settlement still waits for before it is final (GAW-27).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "waits_for", rename_all = "snake_case")]
pub enum Pending {
    /// The inventory of the flat at the end of the stay has not been
    /// checked (GAW contract art. 4.6).
    Inventory,
    /// A charge of the stay is not invoiced yet: the last is dated `on`
    /// (end-of-stay costs such as repainting, GAW-11).
    LastInvoice {
        /// The day of the stay's last charge.
        on: NaiveDate,
    },
}

impl fmt::Display for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pending::Inventory => f.write_str(
                "the inventory of the flat at the end of the stay has not been checked (GAW-27, art. 4.6)",
            ),
            Pending::LastInvoice { on } => write!(
                f,
                "the stay's last charge, of {on}, is not invoiced yet (GAW-27)"
            ),
        }
    }
}

/// One line of a settlement; positive when owed to the operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementLine {
    /// What, in Dutch as printed.
    pub description: String,
    /// How much.
    pub amount: Money,
}

/// Who the settlement is addressed to (GAW-11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Addressee {
    /// The residents themselves.
    Residents {
        /// Their names.
        names: Vec<String>,
    },
    /// The representative.
    Representative {
        /// The name.
        name: String,
    },
    /// The heirs of the last resident, care of the representative when
    /// there is one.
    Heirs {
        /// The deceased.
        of: String,
        /// Care of.
        care_of: Option<String>,
    },
}

/// A final settlement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalSettlement {
    /// The contract.
    pub contract: ContractId,
    /// The date.
    pub on: NaiveDate,
    /// To whom.
    pub addressee: Addressee,
    /// The lines.
    pub lines: Vec<SettlementLine>,
    /// The sum of the lines: positive when the resident's side owes the
    /// operator, negative when the operator pays back.
    pub balance: Money,
    /// What can be recovered: the costs of the stay, after a death up to
    /// the estate's assets (SAW-13), plus the next of kin's costs in full
    /// (GAW-15a); otherwise the balance.
    pub recoverable: Money,
    /// Of the balance, what the costs of the stay come to (open invoices,
    /// the deposit and its deductions): what the estate answers for.
    pub stay_costs: Money,
    /// Of the balance, the clearance and storage costs owed by the next of
    /// kin in full, outside the estate cap (GAW-15a, SAW-11).
    pub next_of_kin_costs: Money,
    /// What the settlement still waits for: empty for a final settlement;
    /// otherwise it is provisional, says so, and releases no deposit
    /// (GAW-27).
    pub pending: Vec<Pending>,
    /// The deposit still held because the settlement is provisional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit_held: Option<Money>,
}

impl FinalSettlement {
    /// True when the settlement is provisional: drawn up before the last
    /// invoice of the stay or the inventory check (GAW-27).
    pub fn is_provisional(&self) -> bool {
        !self.pending.is_empty()
    }
}

/// The day a contract ended: its cancellation before admission, or the
/// last billable day of the stay; `None` while it runs.
pub(crate) fn ended_on(contract: &Contract) -> Option<NaiveDate> {
    let life = contract.lifecycle();
    life.cancellation()
        .map(|c| c.on)
        .or(life.last_billable_day())
}

/// The last of what a final settlement of a contract that ended on `end`
/// waits for (GAW-27): the end, the stay's last charge, the inventory
/// check when recorded. Month close draws the final settlement in its
/// month.
pub(crate) fn last_awaited(contract: &Contract, end: NaiveDate) -> NaiveDate {
    let inventory = contract.lifecycle().inventory_checked().unwrap_or(end);
    last_charge(contract, end).max(inventory)
}

/// The day of a contract's last charge: the end of the stay (or of a
/// cancellation), or a later end-of-stay cost or yearly settlement.
fn last_charge(contract: &Contract, end: NaiveDate) -> NaiveDate {
    let data = contract.data();
    data.extras
        .iter()
        .map(|e| e.on)
        .chain(data.settlements.iter().map(|s| s.on))
        .fold(end, NaiveDate::max)
}

/// What a settlement of `contract` drawn up on `on` would still wait for
/// (GAW-27): the inventory check of a GAW flat (not for a cancellation
/// before admission, nor for SAW, whose flat is the housing company's),
/// and the invoice of the stay's last charge. Empty: the settlement is
/// final.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::event::Event;
/// use care_core::assisted_living::settlement::{pending, Pending};
/// let f = care_core::sample::antoniushof_2020()?;
/// let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
/// let d = |m, day| care_core::calendar::date(2026, m, day);
/// c.record(Event::ResidentNotice { notified_on: d(5, 1)?, second_receipt_on: None, resident: None }, &f)?;
/// let june = Some("2026-06".parse()?);
/// assert_eq!(pending(&c, d(6, 30)?, june), vec![Pending::Inventory]);
/// c.record(Event::InventoryChecked { on: d(6, 2)? }, &f)?;
/// assert!(pending(&c, d(6, 30)?, june).is_empty());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn pending(
    contract: &Contract,
    on: NaiveDate,
    invoiced_through: Option<BillingMonth>,
) -> Vec<Pending> {
    let life = contract.lifecycle();
    let cancelled = life.cancellation();
    let Some(end) = ended_on(contract) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let gaw = matches!(contract.data().agreement.kind(), FacilityKind::Gaw);
    if gaw && cancelled.is_none() && life.inventory_checked().is_none_or(|day| day > on) {
        out.push(Pending::Inventory);
    }
    let last = last_charge(contract, end);
    if invoiced_through.is_none_or(|m| m < BillingMonth::of(last)) || last > on {
        out.push(Pending::LastInvoice { on: last });
    }
    out
}

/// The final settlement of a contract that has ended — or, drawn up before
/// the last invoice of the stay or the inventory check of the flat, a
/// provisional one that says what it waits for ([`pending`]) and releases
/// no deposit (GAW-27).
///
/// # Errors
///
/// [`Error::InvalidSettlement`] when the contract has not ended by `on`,
/// when costs for the next of kin are charged without a death, when a
/// cancelled contract gets anything but its fee (GAW-14), when a deduction
/// has no description or the deductions exceed the deposit and its
/// interest, or when a statement belongs to another contract.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::settlement::{final_settlement, SettlementOptions};
/// use care_core::assisted_living::event::Event;
/// use chrono::NaiveDate;
/// let f = care_core::sample::antoniushof_2020()?;
/// let mut c = care_core::sample::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
/// c.record(Event::ResidentNotice { notified_on: care_core::calendar::date(2026, 5, 1)?, second_receipt_on: None, resident: None }, &f)?;
/// let s = final_settlement(&c, care_core::calendar::date(2026, 6, 15)?, &SettlementOptions::default())?;
/// assert!(s.balance.is_zero());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn final_settlement(
    contract: &Contract,
    on: NaiveDate,
    options: &SettlementOptions,
) -> Result<FinalSettlement, Error> {
    let bad = |reason: String| Error::InvalidSettlement {
        contract: contract.id().to_string(),
        reason,
    };
    let life = contract.lifecycle();
    let cancelled = life.cancellation();
    match ended_on(contract) {
        Some(end) if end <= on => {}
        Some(end) => return Err(bad(format!("the contract runs until {end}, after {on}"))),
        None => return Err(bad("the contract has not ended".to_string())),
    }
    let data = contract.data();
    let mut lines = Vec::new();
    for statement in &options.statements {
        if statement.contract != contract.id() {
            return Err(bad(format!(
                "the statement of payer {} belongs to contract {}",
                statement.payer, statement.contract
            )));
        }
        if !statement.balance.is_zero() {
            let name = contract
                .payers()
                .iter()
                .find(|p| p.id == statement.payer)
                .map_or(statement.payer.as_str(), |p| p.name.as_str());
            lines.push(SettlementLine {
                description: format!(
                    "Saldo facturen en betalingen van {name} op {}",
                    statement.at
                ),
                amount: statement.balance,
            });
        }
    }
    if cancelled.is_some() && !options.next_of_kin_costs.is_empty() {
        return Err(bad(
            "a cancellation before admission settles to its fee only (GAW-14)".to_string(),
        ));
    }
    if !options.next_of_kin_costs.is_empty() && life.last_death().is_none() {
        return Err(bad(
            "clearance and storage costs go to the next of kin only after a death (GAW-15, SAW-11)"
                .to_string(),
        ));
    }
    for (description, amount) in &options.next_of_kin_costs {
        lines.push(SettlementLine {
            description: format!("{description} (ten laste van de nabestaanden)"),
            amount: *amount,
        });
    }
    // GAW-27: the deposit is released only by the final settlement, after
    // the last invoice of the stay and the inventory check.
    let pending = pending(contract, on, options.invoiced_through);
    let release = options.deposit.as_ref().filter(|_| pending.is_empty());
    let deposit_held = match (&options.deposit, pending.is_empty()) {
        (Some(deposit), false) => Some(deposit.amount),
        (None, false) if cancelled.is_none() => contract.deposit(),
        _ => None,
    };
    if let Some(deposit) = release {
        let deducted: Money = deposit.deductions.iter().map(|d| d.amount).sum();
        if let Some(d) = deposit
            .deductions
            .iter()
            .find(|d| d.description.trim().is_empty() || d.amount.is_negative())
        {
            return Err(bad(format!("a deduction of {} from the deposit needs a description and a positive amount (GAW-13)", d.amount)));
        }
        if deducted > deposit.amount + deposit.interest {
            return Err(bad(format!(
                "deductions of {deducted} exceed the deposit and its interest"
            )));
        }
        lines.push(SettlementLine {
            description: "Terugbetaling waarborg".to_string(),
            amount: -deposit.amount,
        });
        lines.push(SettlementLine {
            description: "Interest op de waarborg (geblokkeerde rekening)".to_string(),
            amount: -deposit.interest,
        });
        for d in &deposit.deductions {
            let why = match d.reason {
                DeductionReason::ContractObligation => "verplichting uit de overeenkomst",
                DeductionReason::IntentionalDamage => "opzettelijk veroorzaakte schade",
            };
            lines.push(SettlementLine {
                description: format!("Ingehouden op de waarborg: {} ({why})", d.description),
                amount: d.amount,
            });
            // An unpaid invoice paid from the deposit is already in the open
            // balance: the deduction pays it, so it is counted once.
            if let Some(number) = &d.invoice {
                let open: Money = options
                    .statements
                    .iter()
                    .flat_map(|s| s.items.iter())
                    .filter(|i| i.invoice == number)
                    .map(|i| i.open)
                    .sum();
                if d.amount > open {
                    return Err(bad(format!(
                        "the deduction of {} for invoice {number} exceeds what is open of it ({open})",
                        d.amount
                    )));
                }
                lines.push(SettlementLine {
                    description: format!("Factuur {number} betaald met de waarborg"),
                    amount: -d.amount,
                });
            }
        }
    }
    let balance: Money = lines.iter().map(|l| l.amount).sum();
    // GAW-15a: what the next of kin owe on their own invoices is theirs in
    // full, outside the estate, like the costs charged here.
    let kin_invoiced: Money = data
        .next_of_kin
        .as_ref()
        .map(|kin| {
            options
                .statements
                .iter()
                .filter(|s| s.payer == kin.id)
                .map(|s| s.balance)
                .sum()
        })
        .unwrap_or(Money::ZERO);
    let next_of_kin_costs: Money = options
        .next_of_kin_costs
        .iter()
        .map(|(_, a)| *a)
        .sum::<Money>()
        + kin_invoiced;
    let stay_costs = balance - next_of_kin_costs;
    // SAW-13, GAW-15a: only the costs of the stay are recovered from the
    // estate, up to its assets; the next of kin owe their costs in full.
    let from_estate = match (life.last_death(), options.estate_assets) {
        (Some(_), Some(assets)) if stay_costs > assets => assets.max(Money::ZERO),
        _ => stay_costs,
    };
    Ok(FinalSettlement {
        contract: contract.id().clone(),
        on,
        addressee: addressee(contract, on),
        lines,
        balance,
        recoverable: from_estate + next_of_kin_costs,
        stay_costs,
        next_of_kin_costs,
        pending,
        deposit_held,
    })
}

/// To whom letters and settlements about `contract` go on `day` (GAW-15a,
/// GAW-28): the residents living in the flat then (or, once the contract
/// ended, those who were there at its end), or the representative, or,
/// after the death of the last resident, the heirs through the
/// representative — never a resident who died or left before the others.
///
/// # Example
///
/// ```
/// use care_core::assisted_living::event::Event;
/// use care_core::assisted_living::settlement::{addressee, Addressee};
/// let f = care_core::sample::antoniushof_2020()?;
/// let mut c = care_core::sample::gaw_contract(&f, "AH-1", "B01", "2026-01-01")?;
/// let day = care_core::calendar::date(2026, 6, 10)?;
/// c.record(Event::Death { resident: "r1".into(), on: day }, &f)?;
/// let after = care_core::calendar::date(2026, 6, 11)?;
/// assert!(matches!(addressee(&c, after), Addressee::Heirs { .. }));
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn addressee(contract: &Contract, day: NaiveDate) -> Addressee {
    let data = contract.data();
    let life = contract.lifecycle();
    let died = |id: &str| {
        data.events.iter().any(
            |e| matches!(e, crate::assisted_living::event::Event::Death { resident, on } if resident == id && *on < day),
        )
    };
    let alive: Vec<&crate::assisted_living::contract::Resident> =
        data.residents.iter().filter(|r| !died(&r.id)).collect();
    if alive.is_empty() {
        // The last resident to die is the one whose heirs settle.
        let last = life
            .departures()
            .iter()
            .max_by_key(|(_, on)| *on)
            .and_then(|(id, _)| data.residents.iter().find(|r| &r.id == id))
            .or(data.residents.last())
            .map(|r| r.name.clone())
            .unwrap_or_default();
        return Addressee::Heirs {
            of: last,
            care_of: data.representative.as_ref().map(|r| r.name.clone()),
        };
    }
    if let Some(r) = &data.representative {
        return Addressee::Representative {
            name: r.name.clone(),
        };
    }
    let present: Vec<String> = alive
        .iter()
        .filter(|r| life.lives_on(&r.id, day))
        .map(|r| r.name.clone())
        .collect();
    if !present.is_empty() {
        return Addressee::Residents { names: present };
    }
    // Everyone has left: those who were there at the end.
    let left_on = |id: &str| {
        life.departures()
            .iter()
            .find(|(r, _)| r == id)
            .map(|(_, on)| *on)
    };
    let last = alive.iter().filter_map(|r| left_on(&r.id)).max();
    Addressee::Residents {
        names: alive
            .iter()
            .filter(|r| left_on(&r.id) == last)
            .map(|r| r.name.clone())
            .collect(),
    }
}
