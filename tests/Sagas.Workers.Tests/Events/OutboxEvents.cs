using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka;
using Sagas.Outbox;
using Sagas.Testing;

namespace Sagas.Workers.Tests.Events;

/// <summary>An event as the outbox relay handed it to Kafka: the record key, the topic, and the message.</summary>
sealed record ProducedEvent<T>(Guid Key, string Topic, T Message);

/// <summary>
/// Stands in for the Kafka producer of the workers' outbox relays and keeps every record they produce, so a test sees
/// exactly the records a broker would get, each as often as it would get it.
/// </summary>
sealed class RecordingProducer : IKafkaProducer
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly Lock _gate = new();
    readonly List<KafkaRecord> _records = [];

    /// <summary>The workers, their events produced here.</summary>
    public static Task<WorkerHost> Start(bool onPostgresIfConfigured = false) =>
        WorkerHost.Start(configureServices: Register, onPostgresIfConfigured: onPostgresIfConfigured);

    /// <summary>The workers on the given settings (an existing database), their events produced here.</summary>
    public static Task<WorkerHost> Start(IDictionary<string, string?> settings) => WorkerHost.Start(settings: settings, configureServices: Register);

    static void Register(IServiceCollection services) => services.AddSingleton<IKafkaProducer, RecordingProducer>();

    public Task ProduceBatch(IReadOnlyList<KafkaRecord> records, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            _records.AddRange(records);
        return Task.CompletedTask;
    }

    public Task Produce<T>(string topic, Guid key, T message, ConsumeContext? cause = null, CancellationToken cancellationToken = default)
        where T : class => throw new NotSupportedException("The workers produce through their outbox only.");

    public KafkaRecord Serialize<T>(string topic, Guid key, T message, ConsumeContext? cause = null, IReadOnlyDictionary<string, object>? headers = null)
        where T : class => throw new NotSupportedException("The workers produce through their outbox only.");

    /// <summary>The events of type T produced so far, in produce order.</summary>
    public IReadOnlyList<ProducedEvent<T>> Produced<T>()
    {
        lock (_gate)
            return [.. _records.Where(record => Is<T>(record.Value)).Select(record => new ProducedEvent<T>(record.Key, record.Topic, Message<T>(record.Value)))];
    }

    static bool Is<T>(byte[] envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        return document.RootElement.GetProperty("messageType").EnumerateArray()
            .Any(type => type.GetString() == $"urn:message:{typeof(T).Namespace}:{typeof(T).Name}");
    }

    static T Message<T>(byte[] envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        return document.RootElement.GetProperty("message").Deserialize<T>(Json)!;
    }
}

static class OutboxEvents
{
    /// <summary>
    /// The events of type T produced from <typeparamref name="TContext"/>'s outbox, once every committed row has gone out
    /// (the outbox is empty): what the tests' changes published, complete.
    /// </summary>
    public static async Task<IReadOnlyList<ProducedEvent<T>>> Of<TContext, T>(this WorkerHost host)
        where TContext : DbContext
    {
        await Eventually.Until(async () => await host.CountOutbox<TContext>() == 0, $"the outbox of {typeof(TContext).Name} is produced");
        return host.Services.GetRequiredService<IKafkaProducer>() is RecordingProducer producer
            ? producer.Produced<T>()
            : throw new InvalidOperationException("Start the host with RecordingProducer.Start.");
    }

    /// <summary>How many rows the outbox holds: written and not yet produced.</summary>
    public static Task<int> CountOutbox<TContext>(this WorkerHost host)
        where TContext : DbContext =>
        host.With<TContext, int>(db => db.Set<OutboxMessage>().CountAsync());
}
