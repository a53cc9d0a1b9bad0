namespace Sagas.Ledger;

/// <summary>
/// Reasons for refusing a command whose slot a compensation closed: after a refund or void the answer is a refusal,
/// even for a duplicate of a command that once applied, because the money is no longer where that reply said.
/// </summary>
static class LedgerRefusals
{
    public const string Refunded = "This saga's debit was refunded; its debit slot is closed.";

    public const string Voided = "This saga's credit was voided; its credit slot is closed.";
}
