using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// The parcel saga on a Kafka topic endpoint with <c>UseTransactionalOutbox</c>: what a transition sends and schedules
/// are outbox rows of the transition's own transaction, produced once it commits; a transition that fails leaves
/// neither; a batch of records is one transaction, and when one of its records fails the others still go out once.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_saga_sends_through_the_outbox(KafkaFixture kafka)
{
    static readonly TimeSpan LongDeadline = TimeSpan.FromHours(1);

    [Fact]
    public async Task Its_commands_go_out_in_order_answerable_to_its_topic_and_its_deadline_waits_as_a_scheduled_row()
    {
        await using var database = TestDatabase.Sqlite();
        var (topic, carrier) = (kafka.CreateTopic("parcels"), kafka.CreateTopic("carrier"));
        await using var host = await OutboxHost.StartWithSaga(kafka, OutboxHost.Settings(database), topic, new ParcelRoute(carrier, LongDeadline));
        var id = NewId.NextGuid();
        var dispatchedAt = DateTimeOffset.UtcNow;

        await host.Producer.Produce(topic, id, new DispatchParcel(id));

        var saga = await host.SagaIn(id, "Moving");
        var commands = await Eventually.Value(() => Task.FromResult(host.Produced(carrier)), records => records.Count == 2, "both legs are sent");
        Assert.Equal([(id, 1), (id, 2)], commands.Select(record => (record.SagaId, record.Step)));
        Assert.All(commands, command => Assert.Equal(TopicAddress.For(topic).ToString(), command.ResponseAddress));

        var deadline = Assert.Single(await Eventually.Value(host.Rows, rows => rows.Count == 1, "only the deadline's row is left"));
        Assert.Equal((saga.DeadlineToken, id, topic, null), (deadline.TokenId, deadline.SagaId, deadline.Topic, deadline.ClaimedBy));
        Assert.InRange(deadline.NextAttemptAt, dispatchedAt + LongDeadline - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + LongDeadline);
        Assert.Equal(saga.DeadlineToken!.Value.ToString("D"), EnvelopeToken(deadline));
    }

    [Fact]
    public async Task Its_arrival_deletes_the_deadline_in_the_same_transaction()
    {
        await using var database = TestDatabase.Sqlite();
        var (topic, carrier) = (kafka.CreateTopic("parcels"), kafka.CreateTopic("carrier"));
        await using var host = await OutboxHost.StartWithSaga(kafka, OutboxHost.Settings(database), topic, new ParcelRoute(carrier, LongDeadline));
        var id = NewId.NextGuid();
        await host.Producer.Produce(topic, id, new DispatchParcel(id));
        await host.SagaIn(id, "Moving");

        await host.Producer.Produce(topic, id, new ParcelArrived(id));

        // The delete commits with the state change: once the saga reads Delivered, the row is gone.
        Assert.Null((await host.SagaIn(id, "Delivered")).DeadlineToken);
        Assert.DoesNotContain(await host.Rows(), row => row.TokenId is not null);
    }

    [Fact]
    public async Task Its_deadline_swept_when_due_reaches_it_and_moves_it_on()
    {
        await using var database = TestDatabase.Sqlite();
        var (topic, carrier) = (kafka.CreateTopic("parcels"), kafka.CreateTopic("carrier"));
        await using var host = await OutboxHost.StartWithSaga(kafka, OutboxHost.Settings(database), topic, new ParcelRoute(carrier, TimeSpan.FromMilliseconds(200)));
        var id = NewId.NextGuid();
        await host.Producer.Produce(topic, id, new DispatchParcel(id));
        await host.SagaIn(id, "Moving");

        await host.SweepUntil(async () => (await host.Saga(id))?.CurrentState == "Overdue", "the swept deadline moved the parcel to Overdue");

        Assert.Null((await host.Saga(id))!.DeadlineToken);
        Assert.Empty(await Eventually.Value(host.Rows, rows => rows.Count == 0, "no row is left"));
    }

    [Fact]
    public async Task A_transition_that_fails_after_sending_leaves_no_row_and_sends_nothing()
    {
        await using var database = TestDatabase.Sqlite();
        var (topic, carrier) = (kafka.CreateTopic("parcels"), kafka.CreateTopic("carrier"));
        await using var host = await OutboxHost.StartWithSaga(kafka, OutboxHost.Settings(database), topic, new ParcelRoute(carrier, LongDeadline));
        var (damaged, sound) = (NewId.NextGuid(), NewId.NextGuid());

        await host.Producer.Produce(topic, damaged, new DispatchParcel(damaged, Damaged: true));
        await host.Producer.Produce(topic, sound, new DispatchParcel(sound));

        // The sound parcel comes after the damaged one on the partition, so once it moved the damaged one was settled.
        await host.SagaIn(sound, "Moving");
        Assert.Equal(damaged, Assert.Single(host.Produced(topic + ".dlq")).SagaId);
        Assert.Null(await host.Saga(damaged));
        await Eventually.Value(() => Task.FromResult(host.Produced(carrier)), records => records.Count == 2, "the sound parcel's legs are sent");
        Assert.All(host.Produced(carrier), record => Assert.Equal(sound, record.SagaId));
        Assert.DoesNotContain(await host.Rows(), row => row.SagaId == damaged);
    }

    [Fact]
    public async Task A_batch_of_records_is_written_with_one_save_and_each_sends_once()
    {
        await using var database = TestDatabase.Sqlite();
        var (topic, carrier) = (kafka.CreateTopic("parcels"), kafka.CreateTopic("carrier"));
        var parcels = Enumerable.Range(0, 6).Select(_ => NewId.NextGuid()).ToList();
        var saves = new SagaSaves();
        // On the partition before the endpoint starts, so its first fetch brings them all and they queue as batches.
        await using (var producer = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), topic))
            await producer.Producer.ProduceBatch([.. parcels.Select(id => producer.Producer.Serialize(topic, id, new DispatchParcel(id)))]);

        await using var host = await OutboxHost.StartWithSaga(kafka, OutboxHost.Settings(database), topic, new ParcelRoute(carrier, LongDeadline),
            services => services.ConfigureDbContext<ParcelDbContext>(options => options.AddInterceptors(saves)));

        foreach (var id in parcels)
            await host.SagaIn(id, "Moving");
        Assert.True(saves.Counts.Any(count => count > 1), $"Sagas saved per SaveChanges: {string.Join(", ", saves.Counts)}");
        await EachSentItsLegsOnce(host, carrier, parcels);
    }

    [Fact]
    public async Task A_record_that_fails_in_a_batch_rolls_it_back_and_the_others_still_send_once()
    {
        await using var database = TestDatabase.Sqlite();
        var (topic, carrier) = (kafka.CreateTopic("parcels"), kafka.CreateTopic("carrier"));
        var parcels = Enumerable.Range(0, 5).Select(_ => NewId.NextGuid()).ToList();
        var damaged = parcels[2];
        await using (var producer = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), topic))
            await producer.Producer.ProduceBatch([.. parcels.Select(id => producer.Producer.Serialize(topic, id, new DispatchParcel(id, Damaged: id == damaged)))]);

        await using var host = await OutboxHost.StartWithSaga(kafka, OutboxHost.Settings(database), topic, new ParcelRoute(carrier, LongDeadline));

        var sound = parcels.Where(id => id != damaged).ToList();
        foreach (var id in sound)
            await host.SagaIn(id, "Moving");
        await Eventually.Until(() => Task.FromResult(host.Produced(topic + ".dlq").Count == 1), "the damaged parcel is dead-lettered");
        Assert.Null(await host.Saga(damaged));
        await EachSentItsLegsOnce(host, carrier, sound);
        Assert.DoesNotContain(await host.Rows(), row => row.SagaId == damaged);
    }

    /// <summary>Each parcel's two legs on the carrier topic once (no record of a rolled-back attempt), and only the deadlines left in the outbox.</summary>
    static async Task EachSentItsLegsOnce(OutboxHost host, string carrier, List<Guid> parcels)
    {
        var rows = await Eventually.Value(host.Rows, rows => rows.All(row => row.TokenId is not null), "every record sent is produced and deleted");
        Assert.Equal(parcels.Order(), rows.Select(row => row.SagaId).Order());
        var records = host.Produced(carrier);
        Assert.Equal(parcels.Count * 2, records.Count);
        foreach (var id in parcels)
            Assert.Equal([1, 2], records.Where(record => record.SagaId == id).Select(record => record.Step));
    }

    /// <summary>The scheduling token MassTransit put in the envelope's headers, which a fired timeout is checked against.</summary>
    static string? EnvelopeToken(OutboxMessage row)
    {
        using var envelope = System.Text.Json.JsonDocument.Parse(row.Value);
        return envelope.RootElement.GetProperty("headers").TryGetProperty(MessageHeaders.SchedulingTokenId, out var token) ? token.GetString() : null;
    }

    /// <summary>How many parcel sagas each SaveChanges of the parcel database inserted or updated, in order.</summary>
    sealed class SagaSaves : SaveChangesInterceptor
    {
        readonly List<int> _counts = [];

        public IReadOnlyList<int> Counts
        {
            get
            {
                lock (_counts)
                    return [.. _counts];
            }
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            var sagas = eventData.Context!.ChangeTracker.Entries<ParcelState>().Count(entry => entry.State is EntityState.Added or EntityState.Modified);
            if (sagas > 0)
            {
                lock (_counts)
                    _counts.Add(sagas);
            }
            return ValueTask.FromResult(result);
        }
    }
}
