namespace Sagas.Ledger;

/// <summary>How the ledger stores amounts: room for any ISO 4217 minor unit (at most 4) and balances far beyond real ones.</summary>
static class Money
{
    public const int Precision = 28;

    public const int Scale = 4;
}
