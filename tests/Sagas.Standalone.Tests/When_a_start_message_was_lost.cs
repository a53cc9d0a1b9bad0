using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Orchestrator.Data;
using Sagas.Orchestrator.Transfers;
using Sagas.Outbox;
using Sagas.Persistence.Inbox;
using Sagas.Standalone.Tests.Support;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

/// <summary>
/// The embedded broker keeps records in memory, so a crash can lose a transfer's start message after the outbox
/// delivered it and before the orchestrator consumed it: the request was accepted, yet no saga exists to resume. On
/// the next start the orchestrator sends that start message again.
/// </summary>
public class When_a_start_message_was_lost
{
    [Fact]
    public async Task The_next_start_sends_it_again_and_the_money_moves_once()
    {
        using var data = new TemporaryDirectory();
        var settings = new Dictionary<string, string?> { ["Persistence:DataDirectory"] = data.Path };
        Guid transferId;

        await using (var first = new StandaloneFactory(settings))
        {
            await first.OpenAccount("ann", 100m);
            await first.OpenAccount("bob", 0m);
            transferId = await first.CreateClient().StartTransfer("ann", "bob", 30m, "lost-start");
            await Eventually.Until(async () => await State(first.CreateClient(), transferId) == "Completed", "the transfer completed");

            await using var scope = first.Services.CreateAsyncScope();
            await ForgetAllButTheRequest(scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>(), transferId);
        }

        await using var second = new StandaloneFactory(settings);
        await Eventually.Until(async () => await State(second.CreateClient(), transferId) == "Completed", "the transfer completed after the restart");
        // The workers had done their part before: they answer the repeated commands from what they recorded.
        Assert.Equal(70m, await second.Balance("ann"));
        Assert.Equal(30m, await second.Balance("bob"));
    }

    /// <summary>Leaves what a lost start message leaves: the accepted request and its delivered start row, no saga.</summary>
    static async Task ForgetAllButTheRequest(OrchestratorDbContext db, Guid transferId)
    {
        var startRow = await db.Set<OutboxMessage>().Where(row => row.SagaId == transferId).MinAsync(row => row.Id);
        await db.Set<OutboxMessage>().Where(row => row.SagaId == transferId && row.Id != startRow).ExecuteDeleteAsync();
        await db.Set<TransferState>().Where(saga => saga.CorrelationId == transferId).ExecuteDeleteAsync();
        await db.Set<InboxMessage>().ExecuteDeleteAsync();
    }

    static async Task<string?> State(HttpClient client, Guid transferId) =>
        (await client.Saga("transfers", transferId))?.GetProperty("state").GetString();
}
