namespace Sagas.Workers.Ledger;

/// <summary>Reasons for refusing a command whose slot was closed before it arrived.</summary>
static class LedgerRefusals
{
    public const string Fenced = "The debit was refunded before it applied.";

    public const string Voided = "The credit was voided before it applied.";
}
