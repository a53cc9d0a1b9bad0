using MassTransit;
using Microsoft.Extensions.Time.Testing;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// A sweep takes only rows nobody is producing. The rows this process's publisher is producing are claimed by the
/// same process name, so the sweep must tell its own claims from the publisher's, also within one millisecond (here a
/// frozen clock: the write and the sweep share their moment).
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_sweep_runs_beside_the_publisher(KafkaFixture kafka)
{
    readonly FakeTimeProvider _time = TestClock.Now();

    [Fact]
    public async Task It_leaves_alone_a_record_the_publisher_holds_even_one_written_the_same_millisecond()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), kafka.CreateTopic("same-moment"), time: _time);
        var (sent, scheduled) = (NewId.NextGuid(), NewId.NextGuid());
        await host.Schedule(scheduled, 2, NewId.NextGuid(), _time.GetUtcNow());
        await host.Send(sent, 1);
        await Eventually.Until(() => Task.FromResult(host.Produced().Count == 1), "the publisher produced the record sent");

        // The publisher's row is produced and waits for its settlement, still claimed; the scheduled one is due.
        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));

        Assert.Equal([(sent, 1), (scheduled, 2)], host.Produced().Select(record => (record.SagaId, record.Step)));
        Assert.Empty(await host.Settle());
    }
}
