namespace Sagas.Bench.Invariants;

/// <summary>
/// Checks a finished run against what must hold whatever the load: every saga ended, in the state its workload
/// asked for; money was neither made nor lost; no account went below zero; every account moved exactly by the
/// payments of the sagas that completed; and the journal agrees posting by posting and saga by saga.
/// </summary>
public static class InvariantChecker
{
    public const string AllTerminal = "every saga terminal";
    public const string ExpectedStates = "each saga in its expected terminal state";
    public const string TotalUnchanged = "sum of balances unchanged";
    public const string NoNegativeBalance = "no negative balance";
    public const string BalancesMatchOutcomes = "balances match the completed sagas";
    public const string JournalBalanced = "ledger journal balanced";

    public static IReadOnlyList<InvariantResult> Check(RunFacts facts) =>
    [
        InvariantResult.From(AllTerminal, [.. facts.Sagas.Where(saga => !saga.IsTerminal)
            .Select(saga => $"{saga.Kind} {saga.Id} is {saga.ActualState ?? "unknown to the platform"}, not terminal.")]),
        InvariantResult.From(ExpectedStates, [.. facts.Sagas.Where(saga => saga.ActualState != saga.ExpectedState)
            .Select(saga => $"{saga.Kind} {saga.Id} ended {saga.ActualState ?? "nowhere"}, expected {saga.ExpectedState}.")]),
        InvariantResult.From(TotalUnchanged, TotalViolations(facts)),
        InvariantResult.From(NoNegativeBalance, [.. facts.BalancesAfter.Where(account => account.Value < 0)
            .Select(account => $"Account {account.Key} is overdrawn: {account.Value}.")]),
        InvariantResult.From(BalancesMatchOutcomes, OutcomeViolations(facts)),
        facts.Journal is { } journal
            ? InvariantResult.From(JournalBalanced, JournalViolations(facts, journal))
            : InvariantResult.Unchecked(JournalBalanced, "The journal could not be read from this platform."),
    ];

    static List<string> TotalViolations(RunFacts facts)
    {
        var missing = facts.BalancesBefore.Keys.Where(account => !facts.BalancesAfter.ContainsKey(account))
            .Select(account => $"Account {account} has no balance after the run.").ToList();
        var before = facts.BalancesBefore.Values.Sum();
        var after = facts.BalancesBefore.Keys.Sum(account => facts.BalancesAfter.GetValueOrDefault(account));
        if (before != after)
            missing.Add($"The accounts held {before} before the run and {after} after it.");
        return missing;
    }

    static List<string> OutcomeViolations(RunFacts facts)
    {
        var expected = new Dictionary<string, decimal>(facts.BalancesBefore);
        foreach (var (account, amount) in facts.Sagas.SelectMany(CompletedMovements))
            expected[account] = expected.GetValueOrDefault(account) + amount;

        return [.. expected.Where(account => facts.BalancesAfter.GetValueOrDefault(account.Key) != account.Value)
            .Select(account => $"Account {account.Key} holds {facts.BalancesAfter.GetValueOrDefault(account.Key)}; " +
                $"its opening balance and the completed sagas make {account.Value}.")];
    }

    static List<string> JournalViolations(RunFacts facts, IReadOnlyList<JournalLine> journal)
    {
        var violations = journal.GroupBy(line => line.PostingId)
            .Where(posting => posting.Sum(line => line.Amount) != 0)
            .Select(posting => $"Posting {posting.Key} sums to {posting.Sum(line => line.Amount)}, not zero.")
            .ToList();

        var sagas = facts.Sagas.ToDictionary(saga => saga.Id);
        var customerLines = journal.Where(line => line.SagaId is not null && facts.BalancesBefore.ContainsKey(line.AccountId)).ToList();
        violations.AddRange(customerLines.Where(line => !sagas.ContainsKey(line.SagaId!.Value)).Select(line => line.SagaId).Distinct()
            .Select(saga => $"Saga {saga}, not started by this run, moved money on the run's accounts."));

        var actual = customerLines.Where(line => sagas.ContainsKey(line.SagaId!.Value))
            .GroupBy(line => (Saga: line.SagaId!.Value, line.AccountId))
            .ToDictionary(group => group.Key, group => group.Sum(line => line.Amount));
        var expected = facts.Sagas.SelectMany(saga => CompletedMovements(saga).Select(move => (Key: (Saga: saga.Id, AccountId: move.Account), move.Amount)))
            .ToDictionary(move => move.Key, move => move.Amount);
        violations.AddRange(actual.Keys.Union(expected.Keys)
            .Where(key => actual.GetValueOrDefault(key) != expected.GetValueOrDefault(key))
            .Select(key => $"{sagas[key.Saga].Kind} {key.Saga} ({sagas[key.Saga].ActualState}) moved {actual.GetValueOrDefault(key)} " +
                $"on {key.AccountId} in the journal; expected {expected.GetValueOrDefault(key)}."));
        return violations;
    }

    static IEnumerable<(string Account, decimal Amount)> CompletedMovements(SagaFacts saga) =>
        saga.ActualState == SagaFacts.CompletedState
            ? [(saga.Payment.Payer, -saga.Payment.Amount), (saga.Payment.Payee, saga.Payment.Amount)]
            : [];
}
