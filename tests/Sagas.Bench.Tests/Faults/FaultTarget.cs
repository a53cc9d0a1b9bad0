using Sagas.Bench.Invariants;
using Sagas.Bench.Targets;
using Sagas.Bench.Workload;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Bench.Tests.Faults;

/// <summary>
/// The platform as a patient client sees it during an outage: a request refused while a dependency is down (503, a
/// dropped connection) is asked again, with the same Idempotency-Key, until it is accepted (bounded); a count that cannot
/// be read yet stays the last one read. It also tells the fault test when the load has reached the point to inject the
/// fault, and remembers when the last saga ended.
/// </summary>
public sealed class FaultTarget(ISagaTarget target, int injectAfterAccepted) : ISagaTarget
{
    static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    readonly TaskCompletionSource _injectNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _accepted;
    long _lastTerminalCount;
    long _refusedRequests;

    public TargetDescription Description => target.Description;

    /// <summary>Completes once the configured number of sagas was accepted: the load is under way.</summary>
    public Task InjectNow => _injectNow.Task;

    /// <summary>Start requests that were refused (and asked again) while a dependency was down.</summary>
    public long RefusedRequests => Interlocked.Read(ref _refusedRequests);

    /// <summary>When the last of the sagas read at the end reached its terminal state.</summary>
    public DateTimeOffset? LastTerminalAt { get; private set; }

    public async Task<Guid> Start(PlannedSaga saga, string runTag, CancellationToken cancellationToken)
    {
        var id = await Patiently(token => target.Start(saga, runTag, token), cancellationToken);
        if (Interlocked.Increment(ref _accepted) == injectAfterAccepted)
            _injectNow.TrySetResult();
        return id;
    }

    public async Task<long> CountTerminal(CancellationToken cancellationToken)
    {
        try
        {
            return Interlocked.Exchange(ref _lastTerminalCount, await target.CountTerminal(cancellationToken));
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            return Interlocked.Read(ref _lastTerminalCount);
        }
    }

    public async Task<IReadOnlyDictionary<Guid, SagaOutcome>> Outcomes(IReadOnlyCollection<(SagaKind Kind, Guid Id)> sagas,
        CancellationToken cancellationToken)
    {
        var outcomes = await target.Outcomes(sagas, cancellationToken);
        LastTerminalAt = outcomes.Values.Max(outcome => outcome.TerminalAt);
        return outcomes;
    }

    public Task OpenAccount(string accountId, decimal openingBalance, CancellationToken cancellationToken) =>
        target.OpenAccount(accountId, openingBalance, cancellationToken);

    public Task Freeze(string accountId, CancellationToken cancellationToken) => target.Freeze(accountId, cancellationToken);

    public Task SetStock(string sku, int available, CancellationToken cancellationToken) => target.SetStock(sku, available, cancellationToken);

    public Task<decimal> Balance(string accountId, CancellationToken cancellationToken) => target.Balance(accountId, cancellationToken);

    public Task MarkStart(CancellationToken cancellationToken) => target.MarkStart(cancellationToken);

    public Task<IReadOnlyList<SagaStep>?> History(SagaKind kind, Guid id, CancellationToken cancellationToken) =>
        target.History(kind, id, cancellationToken);

    public Task<IReadOnlyList<JournalLine>?> Journal(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken) =>
        target.Journal(accounts, cancellationToken);

    public ValueTask DisposeAsync() => target.DisposeAsync();

    async Task<T> Patiently<T>(Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                return await request(cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow < deadline)
            {
                Interlocked.Increment(ref _refusedRequests);
                await Task.Delay(RetryInterval, cancellationToken);
            }
        }
    }
}
