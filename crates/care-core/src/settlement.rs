//! The final settlement at the end of a contract (GAW-11, GAW-13, GAW-14,
//! GAW-15, SAW-8, SAW-11, SAW-13): open balances, costs charged to the next
//! of kin, and the deposit with its interest, to one amount saying who pays
//! whom.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ledger::Statement;
use crate::{Contract, Error, Money};

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
    pub contract: String,
    /// The date.
    pub on: NaiveDate,
    /// To whom.
    pub addressee: Addressee,
    /// The lines.
    pub lines: Vec<SettlementLine>,
    /// The sum of the lines: positive when the resident's side owes the
    /// operator, negative when the operator pays back.
    pub balance: Money,
    /// Of a positive balance after a death, what can be recovered from the
    /// estate (SAW-13); otherwise the balance.
    pub recoverable: Money,
}

/// The final settlement of a contract that has ended.
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
/// use care_core::settlement::{final_settlement, SettlementOptions};
/// use care_core::event::Event;
/// use chrono::NaiveDate;
/// let f = care_core::testing::antoniushof_2020()?;
/// let mut c = care_core::testing::gaw_contract(&f, "AH-1", "A01", "2026-01-01")?;
/// c.record(Event::ResidentNotice { notified_on: care_core::calendar::date(2026, 5, 1)? }, &f)?;
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
    let ended = cancelled.map(|c| c.on).or(life.last_billable_day());
    match ended {
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
            let name = data
                .payers
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
    if let Some(deposit) = &options.deposit {
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
        }
    }
    let balance: Money = lines.iter().map(|l| l.amount).sum();
    let recoverable = match (life.last_death(), options.estate_assets) {
        // SAW-13: unpaid costs are recovered from the estate, up to its assets.
        (Some(_), Some(assets)) if balance > assets => assets.max(Money::ZERO),
        _ => balance,
    };
    let names: Vec<String> = data.residents.iter().map(|r| r.name.clone()).collect();
    // The last resident to die or leave is the one whose heirs settle.
    let last = life
        .departures()
        .last()
        .and_then(|(id, _)| data.residents.iter().find(|r| &r.id == id))
        .map(|r| r.name.clone());
    let addressee = match (life.last_death(), &data.representative) {
        (Some(_), care_of) => Addressee::Heirs {
            of: last.unwrap_or_default(),
            care_of: care_of.as_ref().map(|r| r.name.clone()),
        },
        (None, Some(r)) => Addressee::Representative {
            name: r.name.clone(),
        },
        (None, None) => Addressee::Residents { names },
    };
    Ok(FinalSettlement {
        contract: contract.id().to_string(),
        on,
        addressee,
        lines,
        balance,
        recoverable,
    })
}
