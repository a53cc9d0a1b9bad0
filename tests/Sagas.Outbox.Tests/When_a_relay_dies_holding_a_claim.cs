using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sagas.Outbox.Tests.Support;

namespace Sagas.Outbox.Tests;

/// <summary>
/// Rounds run by hand on a fake clock: a claim whose owner died is taken over only after its lease, and what the dead
/// relay had already produced goes out again as the same message, which consumers deduplicate by MessageId.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_relay_dies_holding_a_claim(KafkaFixture kafka)
{
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Its_rows_are_taken_over_once_the_lease_has_ended()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("takeover");
        await using var host = await OutboxHost.Manual(kafka, OutboxHost.Settings(database, topic), _time);
        var sagaId = NewId.NextGuid();
        await host.Send(sagaId, 1, 2);
        await ClaimForDeadRelay(host);
        var survivor = host.Delivery();

        Assert.Equal(OutboxRound.Idle, await survivor.RunAsync(CancellationToken.None, CancellationToken.None));

        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(new OutboxRound(2, 2, 0), await survivor.RunAsync(CancellationToken.None, CancellationToken.None));
        Assert.All(await host.Rows(), row => Assert.Equal(survivor.Owner, row.ClaimedBy));
        Assert.Equal([1, 2], TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic).Select(record => record.Step));
    }

    [Fact]
    public async Task A_record_it_produced_but_never_marked_is_produced_again_as_the_same_message()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("crash");
        await using var host = await OutboxHost.Manual(kafka, OutboxHost.Settings(database, topic), _time);
        await host.Send(NewId.NextGuid(), 1);
        var row = Assert.Single(await host.Rows());
        // The dead relay got as far as producing, and crashed before it marked the row.
        await ClaimForDeadRelay(host);
        await host.Producer.ProduceBatch([row.ToRecord()]);

        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        await host.Delivery().RunAsync(CancellationToken.None, CancellationToken.None);

        var records = TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic);
        Assert.Equal(2, records.Count);
        Assert.Single(records.Select(record => record.MessageId).Distinct());
        Assert.NotNull(Assert.Single(await host.Rows()).DeliveredAt);
    }

    [Fact]
    public async Task A_later_row_of_a_saga_waits_while_an_earlier_one_is_held_or_waiting_for_a_retry()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("order");
        await using var host = await OutboxHost.Manual(kafka, OutboxHost.Settings(database, topic), _time);
        var (held, retrying, free) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());
        await host.Send(held, 1, 2);
        await host.Send(retrying, 1, 2);
        await host.Send(free, 1, 2);
        var rows = await host.Rows();
        var now = _time.GetUtcNow();
        await host.Update(outbox => outbox.Where(m => m.Id == rows[0].Id)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, "other-relay").SetProperty(m => m.ClaimedUntil, now + Lease)));
        await host.Update(outbox => outbox.Where(m => m.Id == rows[2].Id)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, 1).SetProperty(m => m.NextAttemptAt, now + TimeSpan.FromSeconds(30))));

        var round = await host.Delivery().RunAsync(CancellationToken.None, CancellationToken.None);

        Assert.Equal(new OutboxRound(2, 2, 0), round);
        Assert.Equal([free, free], (await host.Rows()).Where(row => row.DeliveredAt is not null).Select(row => row.SagaId));
    }

    [Fact]
    public async Task A_relay_with_a_lasting_id_takes_its_claims_back_when_it_starts_again()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("restart");
        var settings = OutboxHost.Settings(database, topic, adjust => adjust["Outbox:RelayId"] = "dead-relay");
        await using var host = await OutboxHost.Manual(kafka, settings, _time);
        await host.Send(NewId.NextGuid(), 1, 2);
        await ClaimForDeadRelay(host);
        var restarted = host.Delivery();

        Assert.Equal(2, await restarted.ReleaseEarlierClaims(CancellationToken.None));

        Assert.Equal(new OutboxRound(2, 2, 0), await restarted.RunAsync(CancellationToken.None, CancellationToken.None));
        Assert.Equal([1, 2], TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic).Select(record => record.Step));
    }

    Task ClaimForDeadRelay(OutboxHost host)
    {
        var until = _time.GetUtcNow() + Lease;
        return host.Update(outbox => outbox.ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, "dead-relay").SetProperty(m => m.ClaimedUntil, until)));
    }
}
