using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Contracts.Orders;
using Sagas.Contracts.Transfers;
using Sagas.Orchestrator.Data;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Transfers;
using Sagas.Outbox;

namespace Sagas.Orchestrator.Sagas;

/// <summary>
/// After a crash, a saga may wait for a reply that will never come: the command or its reply was produced but lost
/// with the embedded broker's memory, or a worker lost its database. Step timeouts would rescue it by compensating;
/// re-sending the current step's command lets it finish instead. So at start-up every saga that is not terminal and
/// has not moved since before this process started is asked to resume (<see cref="ResumeTransfer"/>, <see cref="ResumeOrder"/>).
/// A request accepted before the crash may have lost its start message the same way, leaving no saga to resume, so
/// the start message of every accepted request without a saga goes out again too, if it was accepted within the
/// outbox's retention (an older one's start message is gone, and looking only that far back keeps start-up from
/// reading every request ever accepted).
/// </summary>
public sealed class StartupResume(IServiceScopeFactory scopes, TimeProvider clock, IOptions<RecoveryOptions> options,
    IOptions<OutboxOptions> outbox, ILogger<StartupResume> logger) : BackgroundService
{
    const int RequestsPerCommit = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ResumeOnStartup)
            return;

        var startedAt = clock.GetUtcNow();
        var restarted = await Restart<TransferState>(TransferStateMachine.SagaType, startedAt, stoppingToken)
            + await Restart<OrderState>(OrderStateMachine.SagaType, startedAt, stoppingToken);
        if (restarted > 0)
            logger.LogInformation("Sent the start message of {Count} accepted requests again: their sagas never began", restarted);

        var transfers = await Resume<TransferState, ResumeTransfer>(TransferStateMachine.TerminalStates, id => new ResumeTransfer(id),
            startedAt, stoppingToken);
        var orders = await Resume<OrderState, ResumeOrder>(OrderStateMachine.TerminalStates, id => new ResumeOrder(id),
            startedAt, stoppingToken);
        if (transfers + orders > 0)
            logger.LogInformation("Asked {Transfers} unfinished transfers and {Orders} unfinished orders to resume their current step",
                transfers, orders);
    }

    /// <summary>Re-sends the start message (still in the outbox, kept for its retention) of requests accepted with no saga yet.</summary>
    async Task<int> Restart<TSaga>(string scope, DateTimeOffset startedAt, CancellationToken cancellationToken)
        where TSaga : class, ITrackedSaga
    {
        await using var serviceScope = scopes.CreateAsyncScope();
        var db = serviceScope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        var retained = startedAt - outbox.Value.Retention;
        var unstarted = await db.IdempotencyKeys.AsNoTracking()
            .Where(key => key.Scope == scope && key.CreatedAt >= retained && key.CreatedAt < startedAt
                && !db.Set<TSaga>().Any(saga => saga.CorrelationId == key.ResourceId))
            .Select(key => key.ResourceId)
            .ToListAsync(cancellationToken);
        if (unstarted.Count == 0)
            return 0;

        var rows = await OutboxRedelivery.RedeliverAsync(db, unstarted, clock.GetUtcNow(), cancellationToken);
        if (rows < unstarted.Count)
            logger.LogWarning("{Missing} of {Count} accepted {SagaType} requests without a saga have no start message left in the outbox (past its retention)",
                unstarted.Count - rows, unstarted.Count, scope);
        return rows;
    }

    async Task<int> Resume<TSaga, TRequest>(IReadOnlySet<string> terminalStates, Func<Guid, TRequest> request,
        DateTimeOffset startedAt, CancellationToken cancellationToken)
        where TSaga : class, ITrackedSaga
        where TRequest : class
    {
        string[] terminal = [.. terminalStates];
        List<Guid> unfinished;
        await using (var scope = scopes.CreateAsyncScope())
        {
            unfinished = await scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>().Set<TSaga>().AsNoTracking()
                .Where(saga => !terminal.Contains(saga.CurrentState) && saga.UpdatedAt < startedAt)
                .Select(saga => saga.CorrelationId)
                .ToListAsync(cancellationToken);
        }

        foreach (var chunk in unfinished.Chunk(RequestsPerCommit))
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SagaRequests>().Send(chunk.Select(request), cancellationToken);
        }
        return unfinished.Count;
    }
}
