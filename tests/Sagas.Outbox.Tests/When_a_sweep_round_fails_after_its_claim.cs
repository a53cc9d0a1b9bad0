using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// A sweep claims a due timeout and produces it, then the database fails before the sweep can record that. The row stays
/// under the sweep's claim, but the next sweep settles that round at once: nothing waits for the claim's lease, and what
/// the failed round produced is not produced again.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_sweep_round_fails_after_its_claim(KafkaFixture kafka)
{
    [Fact]
    public async Task The_next_sweep_settles_it_without_waiting_for_the_lease_or_producing_twice()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("failed-round");
        var deletes = new FailingOutboxDeletes();
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), topic,
            configure: services => services.ConfigureDbContext<ParcelDbContext>((_, options) => options.AddInterceptors(deletes)));
        var sagaId = NewId.NextGuid();
        await host.Schedule(sagaId, 1, NewId.NextGuid(), DateTimeOffset.UtcNow);

        deletes.Armed = true;
        await host.Sweeper.Sweep(CancellationToken.None);
        var held = Assert.Single(await host.Rows());
        Assert.Equal(host.Sweeper.ClaimOwner, held.ClaimedBy);
        Assert.True(held.ClaimedUntil > DateTimeOffset.UtcNow, "The failed round's claim has not ended yet.");

        deletes.Armed = false;
        await host.Sweeper.Sweep(CancellationToken.None);

        Assert.Empty(await host.Rows());
        Assert.Equal([1], host.Produced().Select(record => record.Step));
    }
}
