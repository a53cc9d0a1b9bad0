using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sagas.Outbox.Tests.Support;

namespace Sagas.Outbox.Tests;

/// <summary>The interceptor wakes the relay once outbox rows are committed, and not before or otherwise.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_commit_writes_outbox_rows(KafkaFixture kafka)
{
    [Fact]
    public async Task The_relay_is_signalled_after_the_transaction_commits_not_at_save()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Manual(kafka, OutboxHost.Settings(database, "unused"), new FakeTimeProvider(DateTimeOffset.UtcNow));
        var signal = host.Services.GetRequiredService<OutboxSignal<ParcelDbContext>>();
        var signalledAtSave = true;

        await host.Transaction(async (db, scope) =>
        {
            await scope.GetRequiredService<OutboxMessageDispatcher<ParcelDbContext>>().Dispatch(new ParcelMoved(NewId.NextGuid(), 1), null, CancellationToken.None);
            await db.SaveChangesAsync();
            signalledAtSave = signal.TryTake();
        });

        Assert.False(signalledAtSave);
        Assert.True(signal.TryTake());
    }

    [Fact]
    public async Task A_save_outside_a_transaction_signals_and_a_rollback_or_a_save_without_rows_does_not()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Manual(kafka, OutboxHost.Settings(database, "unused"), new FakeTimeProvider(DateTimeOffset.UtcNow));
        var signal = host.Services.GetRequiredService<OutboxSignal<ParcelDbContext>>();

        await host.Transaction((_, scope) =>
            scope.GetRequiredService<OutboxMessageDispatcher<ParcelDbContext>>().Dispatch(new ParcelMoved(NewId.NextGuid(), 1), null, CancellationToken.None),
            rollBack: true);
        Assert.False(signal.TryTake());

        await host.Transaction((db, _) =>
        {
            db.Parcels.Add(new Parcel { CorrelationId = NewId.NextGuid(), Status = "Idle" });
            return Task.CompletedTask;
        });
        Assert.False(signal.TryTake());

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxMessageDispatcher<ParcelDbContext>>()
                .Dispatch(new ParcelMoved(NewId.NextGuid(), 1), null, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<ParcelDbContext>().SaveChangesAsync();
        }
        Assert.True(signal.TryTake());
    }
}
