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
using Sagas.Messaging;

namespace Sagas.Orchestrator.Sagas;

/// <summary>
/// After a crash, a saga may wait for a reply that will never come: the command or its reply was produced but lost
/// with the embedded broker's memory, or a worker lost its database. Step timeouts would rescue it by compensating;
/// re-sending the current step's command lets it finish instead. So at start-up every saga that is not terminal and
/// has not moved since before this process started is asked to resume (<see cref="ResumeTransfer"/>, <see cref="ResumeOrder"/>).
/// A saga always exists once its request was answered (its first transition ran in the request), so there is no start
/// message to recover.
/// </summary>
public sealed class StartupResume(IServiceScopeFactory scopes, TimeProvider clock, IOptions<RecoveryOptions> options,
    IOptions<TopicOptions> topics, ILogger<StartupResume> logger) : BackgroundService
{
    const int RequestsPerCommit = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ResumeOnStartup)
            return;

        var startedAt = clock.GetUtcNow();
        var transfers = await Resume<TransferState, ResumeTransfer>(TransferStateMachine.TerminalStates, topics.Value.Transfers,
            id => new ResumeTransfer(id), startedAt, stoppingToken);
        var orders = await Resume<OrderState, ResumeOrder>(OrderStateMachine.TerminalStates, topics.Value.Orders, id => new ResumeOrder(id),
            startedAt, stoppingToken);
        if (transfers + orders > 0)
            logger.LogInformation("Asked {Transfers} unfinished transfers and {Orders} unfinished orders to resume their current step",
                transfers, orders);
    }

    async Task<int> Resume<TSaga, TRequest>(IReadOnlySet<string> terminalStates, string topic, Func<Guid, TRequest> request,
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
            await scope.ServiceProvider.GetRequiredService<SagaRequests>().Send(topic, chunk.Select(request), cancellationToken);
        }
        return unfinished.Count;
    }
}
