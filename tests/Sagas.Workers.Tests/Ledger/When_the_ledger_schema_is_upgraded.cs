using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Ledger;
using Sagas.Ledger;
using Sagas.Persistence;
using Sagas.Persistence.Schema;
using Sagas.Testing;
using Sagas.Workers.Tests.Events;

namespace Sagas.Workers.Tests.Ledger;

/// <summary>
/// A ledger database of the first release gets its outbox by schema step 2 and the accounts' status version by step 3;
/// its accounts and journal stay as they were, and it publishes events from then on.
/// </summary>
public sealed class When_the_ledger_schema_is_upgraded
{
    [Fact]
    public Task It_publishes_events_on_sqlite() => Upgrades(server: null);

    [PostgresFact]
    public async Task It_publishes_events_on_postgres()
    {
        await using var server = await PostgresDatabase.Create();
        await Upgrades(server.Settings);
    }

    static async Task Upgrades(Dictionary<string, string?>? server)
    {
        using var directory = new TemporaryDirectory();
        var settings = new Dictionary<string, string?>(server ?? []) { ["Persistence:DataDirectory"] = directory.Path };
        await using (var firstRelease = Database<LedgerFirstReleaseContext>(settings))
        {
            Assert.Equal([new SchemaReport(LedgerDbContext.Service, 0, 1)], await SchemaMigrator.ApplyAsync(firstRelease));
            await using var scope = firstRelease.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerFirstReleaseContext>();
            var postingId = Guid.NewGuid();
            db.Accounts.AddRange(
                new LedgerAccount { Id = "alice", Currency = "USD", Balance = 100m },
                new LedgerAccount { Id = SystemAccounts.Funding("USD"), Currency = "USD", Balance = -100m, IsSystem = true });
            db.Journal.AddRange(
                new JournalEntry { PostingId = postingId, Kind = PostingKind.Opening, AccountId = SystemAccounts.Funding("USD"), Amount = -100m, Currency = "USD" },
                new JournalEntry { PostingId = postingId, Kind = PostingKind.Opening, AccountId = "alice", Amount = 100m, Currency = "USD" });
            await db.SaveChangesAsync();
        }
        await using (var today = Database<LedgerDbContext>(settings))
            Assert.Equal([new SchemaReport(LedgerDbContext.Service, 1, 3)], await SchemaMigrator.ApplyAsync(today));

        await using var host = await RecordingProducer.Start(settings);
        var sagaId = Guid.NewGuid();
        await host.Send(new DebitAccount(sagaId, "alice", 30m, "USD"));
        await host.Reply<AccountDebited>(sagaId);
        Assert.True(await host.With<LedgerService, bool>(ledger => ledger.Freeze("alice")));

        Assert.Equal(70m, await host.Balance("alice"));
        var debit = Assert.Single(await host.Of<LedgerDbContext, PostingRecorded>()).Message;
        Assert.Equal((-30m, 3L), (debit.Amount, debit.Sequence));
        Assert.Equal(1L, Assert.Single(await host.Of<LedgerDbContext, AccountFrozen>()).Message.StatusVersion);
        Assert.Empty((await host.With<LedgerService, BalanceRebuild>(ledger => ledger.RebuildBalances())).Corrected);
        await host.AssertLedgerHolds();
    }

    static ServiceProvider Database<TContext>(Dictionary<string, string?> settings)
        where TContext : Microsoft.EntityFrameworkCore.DbContext =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddServiceDatabase<TContext>(LedgerDbContext.Service)
            .BuildServiceProvider();
}
