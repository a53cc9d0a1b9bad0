using Sagas.Bench.Invariants;

namespace Sagas.Bench.Tests.Invariants;

/// <summary>
/// Builds the facts of a small run the way the ledger would record them: each posting moves money between two
/// accounts with two journal lines that sum to zero, and balances follow the postings. Tests then break one thing.
/// </summary>
sealed class LedgerScenario
{
    public const string Clearing = "clearing-USD";

    readonly Dictionary<string, decimal> _before;
    readonly Dictionary<string, decimal> _balances;
    readonly List<JournalLine> _journal = [];
    readonly List<SagaFacts> _sagas = [];

    public LedgerScenario(params (string Account, decimal Balance)[] accounts)
    {
        _before = accounts.ToDictionary(a => a.Account, a => a.Balance);
        _balances = new Dictionary<string, decimal>(_before);
    }

    public IReadOnlyDictionary<string, decimal> Balances => _balances;

    public Guid Saga(SagaKind kind, string expected, string? actual, Payment payment)
    {
        var id = Guid.NewGuid();
        _sagas.Add(new SagaFacts(id, kind, expected, actual, payment));
        return id;
    }

    /// <summary>Moves <paramref name="amount"/> from one account to another, as one balanced posting of the saga.</summary>
    public LedgerScenario Post(Guid saga, string from, string to, decimal amount)
    {
        var posting = Guid.NewGuid();
        _journal.Add(new JournalLine(posting, saga, from, -amount));
        _journal.Add(new JournalLine(posting, saga, to, amount));
        Move(from, -amount);
        Move(to, amount);
        return this;
    }

    /// <summary>A transfer that completed: debited into clearing, then credited out of it.</summary>
    public Guid Completed(Payment payment)
    {
        var id = Saga(SagaKind.Transfer, "Completed", "Completed", payment);
        Post(id, payment.Payer, Clearing, payment.Amount).Post(id, Clearing, payment.Payee, payment.Amount);
        return id;
    }

    /// <summary>A transfer whose credit was refused: debited into clearing, then refunded.</summary>
    public Guid Compensated(Payment payment)
    {
        var id = Saga(SagaKind.Transfer, "Compensated", "Compensated", payment);
        Post(id, payment.Payer, Clearing, payment.Amount).Post(id, Clearing, payment.Payer, payment.Amount);
        return id;
    }

    public void AddJournalLine(JournalLine line) => _journal.Add(line);

    public void Move(string account, decimal amount)
    {
        if (account != Clearing)
            _balances[account] = _balances.GetValueOrDefault(account) + amount;
    }

    public RunFacts Facts(bool withJournal = true) => new([.. _sagas], _before, new Dictionary<string, decimal>(_balances),
        withJournal ? [.. _journal] : null);
}
