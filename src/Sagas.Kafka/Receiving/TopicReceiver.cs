using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Batching;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// Runs a message through a topic endpoint's receive pipeline here and now, in the caller's service scope, as though it
/// had just been consumed from the topic: so a request handler can run a saga's first transition inside its own
/// transaction, and a read right after the request finds the saga. For an endpoint whose handlers send through a
/// transactional outbox, since the caller's commit is what makes their work and their sends durable. A failure is
/// thrown to the caller, neither retried nor dead-lettered.
/// </summary>
internal sealed class TopicReceiver : ITopicReceiver
{
    readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);

    public void Add(KafkaTopicEndpointContext context) =>
        _endpoints.AddOrUpdate(context.Settings.Topic, _ => new Endpoint(context), (topic, _) =>
            throw new InvalidOperationException($"Topic {topic} has more than one endpoint in this process; a message cannot be received into one of them."));

    public async Task Receive<T>(string topic, T message, IServiceProvider scope, CancellationToken cancellationToken)
        where T : class
    {
        var endpoint = _endpoints.TryGetValue(topic, out var found) ? found
            : throw new InvalidOperationException($"No topic endpoint of this process consumes {topic}.");
        var record = await KafkaRecords.Serialize(topic, message, pipe: null, sourceAddress: null, cancellationToken);

        var attempt = new BatchAttempt();
        var lockContext = new RecordLockContext();
        using var receiveContext = new KafkaReceiveContext(AsConsumed(record), endpoint.Context, NoSends.Instance, new CallerScope(scope), attempt);
        await endpoint.Dispatcher.Dispatch(receiveContext, lockContext);
        if ((lockContext.Fault ?? attempt.Fault) is { } fault)
            throw new InvalidOperationException($"{typeof(T).Name} could not be received into {topic}: {fault.Message}", fault);
    }

    static ConsumeResult<byte[], byte[]> AsConsumed(KafkaRecord record)
    {
        var headers = new Headers();
        foreach (var (name, value) in record.Headers)
            headers.Add(name, Encoding.UTF8.GetBytes(value));
        return new ConsumeResult<byte[], byte[]>
        {
            Topic = record.Topic,
            Partition = Partition.Any,
            Offset = Offset.Unset,
            Message = new Message<byte[], byte[]> { Key = RecordKey.Encode(record.Key), Value = record.Value, Headers = headers },
        };
    }

    sealed class Endpoint(KafkaTopicEndpointContext context)
    {
        readonly Lazy<IReceivePipeDispatcher> _dispatcher = new(context.CreateReceivePipeDispatcher);

        public KafkaTopicEndpointContext Context => context;

        public IReceivePipeDispatcher Dispatcher => _dispatcher.Value;
    }

    /// <summary>The caller's scope as MassTransit's message scope; the caller disposes it.</summary>
    sealed class CallerScope(IServiceProvider services) : IServiceScope
    {
        public IServiceProvider ServiceProvider => services;

        public void Dispose()
        {
        }
    }

    /// <summary>Only an outbox may send here: anything else would leave before the caller's commit decided it.</summary>
    sealed class NoSends : IRecordSink
    {
        public static readonly NoSends Instance = new();

        public Task Add(KafkaRecord record, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"A message received in a caller's scope sent to {record.Topic} outside a transactional outbox.");
    }
}
