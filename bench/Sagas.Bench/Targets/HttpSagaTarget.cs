using Sagas.Bench.Invariants;
using Sagas.Bench.Workload;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Bench.Targets;

/// <summary>
/// A platform driven over its HTTP API, whether the benchmark started it in this process or it runs elsewhere.
/// Progress is polled in bulk (one count per terminal state), never one request per saga.
/// </summary>
public sealed class HttpSagaTarget(PlatformApi api, TargetDescription description, IReadOnlyList<SagaKind> kinds,
    LedgerJournalReader? journal, IAsyncDisposable? platform) : ISagaTarget
{
    long _terminalBeforeStart;

    public TargetDescription Description => description;

    /// <summary>Waits until the platform answers ready, as a client would before it starts work.</summary>
    public Task WaitUntilReady(CancellationToken cancellationToken) => api.WaitUntilReady(cancellationToken);

    public Task OpenAccount(string accountId, decimal openingBalance, CancellationToken cancellationToken) =>
        api.OpenAccount(accountId, openingBalance, cancellationToken);

    public Task Freeze(string accountId, CancellationToken cancellationToken) => api.Freeze(accountId, cancellationToken);

    public Task SetStock(string sku, int available, CancellationToken cancellationToken) => api.SetStock(sku, available, cancellationToken);

    public Task<decimal> Balance(string accountId, CancellationToken cancellationToken) => api.Balance(accountId, cancellationToken);

    public async Task MarkStart(CancellationToken cancellationToken) => _terminalBeforeStart = await CountAllTerminal(cancellationToken);

    public Task<Guid> Start(PlannedSaga saga, string runTag, CancellationToken cancellationToken) => api.Start(saga, runTag, cancellationToken);

    public async Task<long> CountTerminal(CancellationToken cancellationToken) =>
        await CountAllTerminal(cancellationToken) - _terminalBeforeStart;

    /// <summary>Pages through the listing, newest first, until every asked-for saga was seen or the listing ends.</summary>
    public async Task<IReadOnlyDictionary<Guid, SagaOutcome>> Outcomes(IReadOnlyCollection<(SagaKind Kind, Guid Id)> sagas,
        CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<Guid, SagaOutcome>();
        foreach (var kind in sagas.Select(saga => saga.Kind).Distinct())
        {
            var type = PlatformApi.TypeOf(kind);
            var wanted = sagas.Where(saga => saga.Kind == kind).Select(saga => saga.Id).ToHashSet();
            var terminal = SagaFacts.TerminalStatesOf(kind);
            for (var page = 1; wanted.Count > 0; page++)
            {
                var listing = await api.Page(type, null, page, PlatformApi.MaxPageSize, cancellationToken);
                foreach (var item in listing.Items.Where(item => wanted.Remove(item.Id)))
                    outcomes[item.Id] = new SagaOutcome(item.State, terminal.Contains(item.State) ? item.UpdatedAt : null);
                if (listing.Items.Count < PlatformApi.MaxPageSize)
                    break;
            }
        }

        return outcomes;
    }

    public Task<IReadOnlyList<SagaStep>?> History(SagaKind kind, Guid id, CancellationToken cancellationToken) =>
        api.History(PlatformApi.TypeOf(kind), id, cancellationToken);

    public async Task<IReadOnlyList<JournalLine>?> Journal(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken) =>
        journal is null ? null : await journal.Read(accounts, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (platform is not null)
            await platform.DisposeAsync();
    }

    async Task<long> CountAllTerminal(CancellationToken cancellationToken)
    {
        var counts = kinds.SelectMany(kind => SagaFacts.TerminalStatesOf(kind)
            .Select(state => api.Count(PlatformApi.TypeOf(kind), state, cancellationToken)));
        return (await Task.WhenAll(counts)).Sum();
    }
}
