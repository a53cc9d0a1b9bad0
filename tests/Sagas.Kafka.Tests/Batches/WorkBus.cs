using System.Text;
using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Batches;

/// <summary>
/// A bus whose one topic endpoint, on a one-partition topic, handles <see cref="Work"/> and <see cref="Hold"/> records, with or
/// without a <see cref="RecordingUnitOfWork"/>, and what it needs to put records behind a held one so they are ready together.
/// </summary>
public sealed class WorkBus : IAsyncDisposable
{
    public const string LagGauge = "sagas.kafka.consumer.lag";
    readonly KafkaClusterFixture _kafka;
    readonly MetricRecorder _metrics;

    WorkBus(KafkaClusterFixture kafka, string topic, string group, MetricRecorder metrics, TestBus bus)
    {
        _kafka = kafka;
        _metrics = metrics;
        Topic = topic;
        Group = group;
        Bus = bus;
    }

    public string Topic { get; }

    public string Group { get; }

    public string DeadLetterTopic => Topic + ".dlq";

    /// <summary>The one key of every record: they all belong to one saga.</summary>
    public Guid Key { get; } = Guid.NewGuid();

    public TestBus Bus { get; }

    public Timeline Timeline => Bus.Services.GetRequiredService<Timeline>();

    public Ledger Ledger => Bus.Services.GetRequiredService<Ledger>();

    string BootstrapServers => _kafka.Cluster.BootstrapServers;

    /// <summary>Starts the bus; <paramref name="outputs"/> are the topics its handlers send to, created up front with one partition.</summary>
    public static async Task<WorkBus> Start(KafkaClusterFixture kafka, string scenario, bool unitOfWork, Action<KafkaOptions>? options = null,
        UnitOfWorkScript? script = null, Action<IServiceCollection>? services = null, params string[] outputs)
    {
        var topic = KafkaClusterFixture.UniqueTopic(scenario);
        var group = $"{scenario}.{Guid.NewGuid():N}";
        var metrics = new MetricRecorder();
        try
        {
            var bus = await TestBus.Start(kafka, kafka.Options(o =>
                {
                    o.Partitions = 1;
                    foreach (var output in outputs)
                        o.Topics.Add(output);
                    options?.Invoke(o);
                }),
                (context, k) => k.TopicEndpoint(topic, group, e =>
                {
                    e.ConfigureBusConsumer<HoldConsumer>(context);
                    e.ConfigureBusConsumer<WorkConsumer>(context);
                    if (unitOfWork)
                        e.UseBatchUnitOfWork(scope => scope.GetRequiredService<RecordingUnitOfWork>());
                }),
                collection =>
                {
                    collection.AddSingleton<Holder>().AddSingleton<Timeline>().AddSingleton<Ledger>().AddSingleton(script ?? new UnitOfWorkScript());
                    collection.AddScoped<LedgerSession>().AddScoped<RecordingUnitOfWork>();
                    services?.Invoke(collection);
                },
                x =>
                {
                    x.AddConsumer<HoldConsumer>().ExcludeFromConfigureEndpoints();
                    x.AddConsumer<WorkConsumer>().ExcludeFromConfigureEndpoints();
                });
            return new WorkBus(kafka, topic, group, metrics, bus);
        }
        catch
        {
            metrics.Dispose();
            throw;
        }
    }

    /// <summary>A record of this bus's topic and key; with <paramref name="responseAddress"/>, where its handler's answer goes.</summary>
    public async Task<Message<byte[], byte[]>> Record<T>(T message, Uri? responseAddress = null)
        where T : class
    {
        var pipe = responseAddress is null ? null : Pipe.Execute<SendContext<T>>(context => context.ResponseAddress = responseAddress);
        var record = await KafkaRecords.Serialize(Topic, message, pipe, sourceAddress: null, CancellationToken.None);
        var headers = new Confluent.Kafka.Headers();
        foreach (var (name, value) in record.Headers)
            headers.Add(name, Encoding.UTF8.GetBytes(value));
        return new Message<byte[], byte[]> { Key = RecordKey.Encode(Key), Value = record.Value, Headers = headers };
    }

    /// <summary>A record no deserializer can read, claiming to be a MassTransit envelope.</summary>
    public Message<byte[], byte[]> Garbage() => new()
    {
        Key = RecordKey.Encode(Key),
        Value = "not json at all"u8.ToArray(),
        Headers = [new Header(KafkaHeaders.ContentType, "application/vnd.masstransit+json"u8.ToArray())],
    };

    public Task<Message<byte[], byte[]>[]> Work(int from, int count, string? sendTo = null, Uri? responseAddress = null) =>
        Task.WhenAll(Enumerable.Range(from, count).Select(sequence => Record(new Work(Key, sequence, sendTo), responseAddress)));

    /// <summary>
    /// Produces a <see cref="Hold"/> record first (offset 0, so this works once per bus) and, while its handler holds, the
    /// <paramref name="records"/> behind it (offsets 1 on); once the endpoint's consumer has fetched them all, lets the hold go,
    /// so they are the partition's ready records together.
    /// </summary>
    public async Task QueueBehindHold(IReadOnlyList<Message<byte[], byte[]>> records, Func<Task>? beforeRelease = null)
    {
        var holder = Bus.Services.GetRequiredService<Holder>();
        await Bus.Producer.Produce(Topic, Key, new Hold(Key));
        await Wait.Bounded(holder.Entered, "the hold record reached its handler");

        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers }).Build())
        {
            foreach (var record in records)
                await producer.ProduceAsync(Topic, record);
        }

        // The lag gauge reads the high watermark of the fetches the endpoint's consumer received: once it counts them all, the
        // records are in hand and only have to move from librdkafka's queue to the partition's lane, which the pause covers
        // with room to spare for a machine busy with other test runs.
        await Wait.Until(() => _metrics.Gauge(LagGauge, Topic).GetValueOrDefault(0) == records.Count + 1, "the endpoint fetched the records behind the hold");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        if (beforeRelease is not null)
            await beforeRelease();
        Bus.Services.GetRequiredService<Holder>().Release();
    }

    /// <summary>Waits until the group committed every record produced so far (<paramref name="end"/> = the offset after the last).</summary>
    public Task CommittedUpTo(long end) =>
        Wait.Until(() => TopicReader.Committed(BootstrapServers, Topic, Group, partitions: 1)[0] == end, $"the group committed up to offset {end}");

    /// <summary>The sequence of the <see cref="WorkDone"/> a record carries.</summary>
    public static int SequenceOf(ConsumeResult<byte[], byte[]> record)
    {
        using var envelope = System.Text.Json.JsonDocument.Parse(record.Message.Value);
        return envelope.RootElement.GetProperty("message").GetProperty("sequence").GetInt32();
    }

    public List<ConsumeResult<byte[], byte[]>> ReadAll(string topic) => TopicReader.ReadAll(BootstrapServers, topic, partitions: 1);

    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync();
        _metrics.Dispose();
    }
}
