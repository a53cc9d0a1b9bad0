using MassTransit;
using MassTransit.Configuration;
using MassTransit.Transports;
using MassTransit.Util;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Connection;
using Sagas.Kafka.Diagnostics;
using Sagas.Kafka.Producing;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// The receive endpoint context of one topic and consumer group. Sends and publishes from a consumer go to
/// the bus (Kafka has no send transport here: produce through <see cref="IKafkaProducer"/>).
/// </summary>
internal sealed class KafkaTopicEndpointContext : BaseReceiveEndpointContext
{
    readonly IBusInstance _busInstance;
    readonly Recycle<KafkaConsumerSupervisor> _supervisor = new(() => new KafkaConsumerSupervisor());

    public KafkaTopicEndpointContext(IBusInstance busInstance, IReceiveEndpointConfiguration configuration, TopicEndpointSettings settings,
        KafkaCluster cluster, KafkaProducer producer, KafkaMetrics metrics, ILoggerFactory loggerFactory)
        : base(busInstance.HostConfiguration, configuration)
    {
        _busInstance = busInstance;
        Settings = settings;
        Cluster = cluster;
        Producer = producer;
        Metrics = metrics;
        Logger = loggerFactory.CreateLogger("Sagas.Kafka.TopicEndpoint");
    }

    public TopicEndpointSettings Settings { get; }

    public KafkaCluster Cluster { get; }

    public KafkaProducer Producer { get; }

    public KafkaMetrics Metrics { get; }

    public ILogger Logger { get; }

    public KafkaConsumerSupervisor Supervisor => _supervisor.Supervisor;

    public override void AddSendAgent(IAgent agent) => _supervisor.Supervisor.AddSendAgent(agent);

    public override void AddConsumeAgent(IAgent agent) => _supervisor.Supervisor.AddConsumeAgent(agent);

    public override Exception ConvertException(Exception exception, string message) =>
        new ConnectionException($"{message}kafka topic {Settings.Topic} (group {Settings.GroupId})", exception);

    public override void Probe(ProbeContext context)
    {
        context.Add("type", "kafka");
        context.Add("topic", Settings.Topic);
        context.Add("group", Settings.GroupId);
    }

    protected override ISendTransportProvider CreateSendTransportProvider() =>
        throw new NotSupportedException("Kafka topic endpoints have no send transport; produce with IKafkaProducer.");

    protected override IPublishTransportProvider CreatePublishTransportProvider() =>
        throw new NotSupportedException("Kafka topic endpoints have no publish transport; produce with IKafkaProducer.");

    protected override ISendEndpointProvider CreateSendEndpointProvider() => _busInstance.Bus;

    protected override IPublishEndpointProvider CreatePublishEndpointProvider() => _busInstance.Bus;
}
