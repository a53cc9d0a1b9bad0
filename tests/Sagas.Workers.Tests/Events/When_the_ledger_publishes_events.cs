using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Events;
using Sagas.Contracts.Ledger;
using Sagas.Ledger;
using Sagas.Outbox;
using Sagas.Persistence;
using Sagas.Testing;

namespace Sagas.Workers.Tests.Events;

/// <summary>
/// Every change of the ledger writes one event to <c>ledger.events</c>, keyed by the customer account, as an outbox row of
/// the change's own transaction; a posting's event carries the journal sequences of its two entries.
/// </summary>
public sealed class When_the_ledger_publishes_events
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_transfer_posts_one_event_per_posting_with_its_journal_sequences(DatabaseProvider provider)
    {
        await using var host = await RecordingProducer.Start(onPostgresIfConfigured: provider == DatabaseProvider.PostgreSql);
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 0m);

        await host.Transfer("alice", "bob", 30m);

        var postings = await host.Of<LedgerDbContext, PostingRecorded>();
        Assert.All(postings, posting => Assert.Equal("ledger.events", posting.Topic));
        Assert.All(postings, posting => Assert.Equal(StreamKeys.Account(posting.Message.AccountId), posting.Key));
        Assert.Equal([("alice", "Opening", 100m), ("alice", "Debit", -30m), ("bob", "Credit", 30m)],
            postings.Select(p => (p.Message.AccountId, p.Message.Kind, p.Message.Amount)));
        var sagaId = postings[1].Message.SagaId;
        Assert.NotNull(sagaId);
        Assert.Equal(sagaId, postings[2].Message.SagaId);

        var journal = await host.With<LedgerDbContext, List<JournalEntry>>(db => db.Journal.AsNoTracking().ToListAsync());
        foreach (var posting in postings.Select(p => p.Message))
        {
            var entry = Assert.Single(journal, e => e.Id == posting.Sequence);
            var counter = Assert.Single(journal, e => e.Id == posting.CounterSequence);
            Assert.Equal((posting.AccountId, posting.Amount, posting.PostingId), (entry.AccountId, entry.Amount, entry.PostingId));
            Assert.Equal((posting.CounterAccountId, -posting.Amount, posting.PostingId), (counter.AccountId, counter.Amount, counter.PostingId));
        }

        Assert.Equal(journal.Count, 2 * postings.Count);
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task A_redelivered_or_refused_command_posts_nothing_more()
    {
        await using var host = await RecordingProducer.Start();
        await host.OpenAccount("alice", 10m);
        var sagaId = Guid.NewGuid();

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(new DebitAccount(sagaId, "alice", 4m, "USD"));
        await host.Replies<AccountDebited>(sagaId, count: 3);
        var refused = Guid.NewGuid();
        await host.Send(new DebitAccount(refused, "alice", 400m, "USD"));
        await host.Reply<DebitRejected>(refused);

        var postings = await host.Of<LedgerDbContext, PostingRecorded>();
        Assert.Equal(["Opening", "Debit"], postings.Select(p => p.Message.Kind));
    }

    [Fact]
    public async Task Opening_freezing_and_unfreezing_each_publish_once_with_the_status_version()
    {
        await using var host = await RecordingProducer.Start();
        await host.OpenAccount("carol", 0m);

        Assert.True(await host.With<LedgerService, bool>(ledger => ledger.Freeze("carol")));
        Assert.True(await host.With<LedgerService, bool>(ledger => ledger.Freeze("carol")));
        Assert.True(await host.With<LedgerService, bool>(ledger => ledger.Unfreeze("carol")));
        Assert.False(await host.With<LedgerService, bool>(ledger => ledger.Freeze("nobody")));

        var key = StreamKeys.Account("carol");
        var opened = Assert.Single(await host.Of<LedgerDbContext, AccountOpened>());
        Assert.Equal((key, "carol", "USD", 0L), (opened.Key, opened.Message.AccountId, opened.Message.Currency, opened.Message.StatusVersion));
        var frozen = Assert.Single(await host.Of<LedgerDbContext, AccountFrozen>());
        Assert.Equal((key, 1L), (frozen.Key, frozen.Message.StatusVersion));
        var unfrozen = Assert.Single(await host.Of<LedgerDbContext, AccountUnfrozen>());
        Assert.Equal((key, 2L), (unfrozen.Key, unfrozen.Message.StatusVersion));
        Assert.Empty(await host.Of<LedgerDbContext, PostingRecorded>());
    }

    [Fact]
    public async Task A_rolled_back_change_leaves_no_event()
    {
        await using var host = await RecordingProducer.Start();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var opened = await scope.ServiceProvider.GetRequiredService<LedgerService>().OpenAccount("dave", "USD", 50m);
            Assert.Equal(OpenAccountStatus.Created, opened.Status);
            Assert.Equal(2, await db.Set<OutboxMessage>().CountAsync());
            await transaction.RollbackAsync();
        }
        // A committed change after it: once its events are out, the rolled-back ones would have been too.
        await host.OpenAccount("erin", 0m);

        Assert.Null(await host.With<LedgerService, AccountSnapshot?>(ledger => ledger.GetAccount("dave")));
        Assert.Equal(["erin"], (await host.Of<LedgerDbContext, AccountOpened>()).Select(e => e.Message.AccountId));
        Assert.Empty(await host.Of<LedgerDbContext, PostingRecorded>());
    }
}
