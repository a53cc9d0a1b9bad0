using Sagas.Bench.Invariants;

namespace Sagas.Bench.Workload;

/// <summary>
/// The accounts a run opens and the endless, reproducible sequence of sagas it starts. Account ids carry the run's
/// tag, so runs against one long-lived platform never share an account. Plain payments are small against opening
/// balances, so no funded account can run dry however the draws fall.
/// </summary>
public sealed class WorkloadPlan(string runTag, int fundedAccounts, SagaMix mix, int seed)
{
    public const string Currency = "USD";
    public const string ShipToCountry = "US";
    public const decimal OpeningBalance = 10_000_000m;
    public const int Stock = 10_000_000;

    /// <summary>Above the platform's default fraud limit (Fraud:MaxAmount = 10000).</summary>
    public const decimal FraudAmount = 20_000m;

    const decimal InsufficientAmount = 100m;

    public string RunTag { get; } = runTag;

    public IReadOnlyList<string> FundedAccounts { get; } =
        [.. Enumerable.Range(0, fundedAccounts).Select(i => $"bench-{runTag}-{i}")];

    /// <summary>Opened empty and never paid, so every debit from it is refused.</summary>
    public string EmptyAccount => $"bench-{RunTag}-empty";

    /// <summary>Opened empty and frozen, so every credit to it is refused.</summary>
    public string FrozenAccount => $"bench-{RunTag}-frozen";

    public string Sku => $"bench-{RunTag}-sku";

    public IEnumerable<string> AllAccounts => [.. FundedAccounts, EmptyAccount, FrozenAccount];

    public IEnumerable<PlannedSaga> Sagas()
    {
        if (FundedAccounts.Count < 2)
            throw new InvalidOperationException("A workload needs at least two funded accounts.");

        var random = new Random(seed);
        for (var index = 0; ; index++)
        {
            var outcome = mix.Draw(random);
            var payerIndex = random.Next(FundedAccounts.Count);
            var payer = FundedAccounts[payerIndex];
            var payee = FundedAccounts[(payerIndex + random.Next(1, FundedAccounts.Count)) % FundedAccounts.Count];
            var small = random.Next(100, 5_000) / 100m;
            yield return outcome switch
            {
                Outcome.Plain => new PlannedSaga(index, outcome, new Payment(payer, payee, small), null),
                Outcome.FraudRejected => new PlannedSaga(index, outcome, new Payment(payer, payee, FraudAmount), null),
                Outcome.InsufficientFunds => new PlannedSaga(index, outcome, new Payment(EmptyAccount, payee, InsufficientAmount), null),
                Outcome.Compensated => new PlannedSaga(index, outcome, new Payment(payer, FrozenAccount, small), null),
                _ => new PlannedSaga(index, outcome, new Payment(payer, payee, small), Sku),
            };
        }
    }
}
