using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Ledger;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

/// <summary>
/// A batch of commands on the Kafka endpoint is one transaction of the ledger's database: each debit joins it instead of
/// opening its own, and the batch's owner commits or rolls back all of them together.
/// </summary>
public sealed class When_debits_share_a_batch_transaction
{
    [Fact]
    public async Task They_commit_together_with_the_batch()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 100m);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        var outcomes = await InBatch(host, commit: true, new DebitAccount(first, "alice", 30m, "USD"), new DebitAccount(second, "bob", 20m, "USD"));

        Assert.Equal([OperationState.Applied, OperationState.Applied], outcomes);
        Assert.Equal((70m, 80m), (await host.Balance("alice"), await host.Balance("bob")));
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task A_rolled_back_batch_leaves_no_money_moved_and_no_slot_claimed()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaId = Guid.NewGuid();

        await InBatch(host, commit: false, new DebitAccount(sagaId, "alice", 30m, "USD"));

        Assert.Equal(100m, await host.Balance("alice"));
        Assert.Empty(await host.With<LedgerService, IReadOnlyList<LedgerOperation>>(ledger => ledger.GetOperations(sagaId)));
        await host.AssertLedgerHolds();

        // Run again alone, as a failed batch's records are, the debit applies once.
        await host.Send(new DebitAccount(sagaId, "alice", 30m, "USD"));
        await host.Reply<AccountDebited>(sagaId);
        Assert.Equal(70m, await host.Balance("alice"));
    }

    static async Task<OperationState[]> InBatch(WorkerHost host, bool commit, params DebitAccount[] commands)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var debits = scope.ServiceProvider.GetRequiredService<Debits>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var outcomes = new List<OperationState>();
        foreach (var command in commands)
            outcomes.Add((await debits.Debit(command, CancellationToken.None)).State);
        if (commit)
            await transaction.CommitAsync();
        else
            await transaction.RollbackAsync();
        return [.. outcomes];
    }
}
