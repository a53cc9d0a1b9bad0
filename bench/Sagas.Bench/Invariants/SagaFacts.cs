using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Transfers;

namespace Sagas.Bench.Invariants;

/// <summary>The two kinds of saga the benchmark starts.</summary>
public enum SagaKind
{
    Transfer,
    Order,
}

/// <summary>The money a saga moves from payer to payee when, and only when, it ends Completed.</summary>
public sealed record Payment(string Payer, string Payee, decimal Amount);

/// <summary>
/// One saga as the checker sees it: what the workload expected it to end as, and what the platform says it is
/// (null when the platform does not know the saga at all).
/// </summary>
public sealed record SagaFacts(Guid Id, SagaKind Kind, string ExpectedState, string? ActualState, Payment Payment)
{
    public const string CompletedState = "Completed";

    public bool IsTerminal => ActualState is { } state && TerminalStatesOf(Kind).Contains(state);

    public static IReadOnlySet<string> TerminalStatesOf(SagaKind kind) =>
        kind == SagaKind.Transfer ? TransferStateMachine.TerminalStates : OrderStateMachine.TerminalStates;
}

/// <summary>One side of a ledger posting: a signed amount on an account, caused by a saga (null for opening balances).</summary>
public sealed record JournalLine(Guid PostingId, Guid? SagaId, string AccountId, decimal Amount);

/// <summary>
/// Everything the invariants are checked on. Balances cover the run's customer accounts only, taken after they were
/// opened and before the first saga started, and again after the last saga ended. The journal is null when it could
/// not be read (a platform driven over HTTP exposes no journal).
/// </summary>
public sealed record RunFacts(
    IReadOnlyList<SagaFacts> Sagas,
    IReadOnlyDictionary<string, decimal> BalancesBefore,
    IReadOnlyDictionary<string, decimal> BalancesAfter,
    IReadOnlyList<JournalLine>? Journal);
