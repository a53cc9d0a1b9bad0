using MassTransit;
using MassTransit.Configuration;
using MassTransit.Transports;
using MassTransit.Util;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Connection;
using Sagas.Kafka.Diagnostics;
using Sagas.Kafka.Producing;
using Sagas.Kafka.Readiness;
using Sagas.Kafka.Sending;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// The receive endpoint context of one topic and consumer group. Its input address is <c>topic:&lt;name&gt;</c>. Sends to a
/// <c>topic:</c> address produce to that topic (a consumed record's sends wait for its batch, see
/// <see cref="KafkaReceiveContext"/>); anything else, and publishes, go to the bus.
/// </summary>
internal sealed class KafkaTopicEndpointContext : BaseReceiveEndpointContext
{
    readonly IBusInstance _busInstance;
    readonly Recycle<KafkaConsumerSupervisor> _supervisor = new(() => new KafkaConsumerSupervisor());

    public KafkaTopicEndpointContext(IBusInstance busInstance, IReceiveEndpointConfiguration configuration, TopicEndpointSettings settings,
        IServiceProvider services, KafkaCluster cluster, KafkaProducer producer, KafkaMetrics metrics, ILoggerFactory loggerFactory)
        : base(busInstance.HostConfiguration, configuration)
    {
        _busInstance = busInstance;
        Settings = settings;
        Services = services;
        Cluster = cluster;
        Producer = producer;
        Metrics = metrics;
        Logger = loggerFactory.CreateLogger("Sagas.Kafka.TopicEndpoint");
        Assignment = new GroupAssignment(settings.Topic, settings.GroupId);
    }

    public TopicEndpointSettings Settings { get; }

    /// <summary>The container the batch scopes are created from.</summary>
    public IServiceProvider Services { get; }

    public KafkaCluster Cluster { get; }

    public KafkaProducer Producer { get; }

    public KafkaMetrics Metrics { get; }

    public ILogger Logger { get; }

    /// <summary>Whether this endpoint's group has given this process its partitions, for the host's readiness.</summary>
    public GroupAssignment Assignment { get; }

    /// <summary>Where sends to anything but a topic go.</summary>
    public ISendEndpointProvider BusSendEndpoints => _busInstance.Bus;

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
        throw new NotSupportedException("Kafka topic endpoints have no send transport; send to a topic: address.");

    protected override IPublishTransportProvider CreatePublishTransportProvider() =>
        throw new NotSupportedException("Kafka topic endpoints have no publish transport; send to a topic: address.");

    protected override ISendEndpointProvider CreateSendEndpointProvider() => new TopicSendEndpointProvider(InputAddress, Producer, _busInstance.Bus);

    protected override IPublishEndpointProvider CreatePublishEndpointProvider() => _busInstance.Bus;
}
