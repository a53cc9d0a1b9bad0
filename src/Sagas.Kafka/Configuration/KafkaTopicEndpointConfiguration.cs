using MassTransit;
using MassTransit.Configuration;
using MassTransit.Middleware;
using MassTransit.Transports;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Connection;
using Sagas.Kafka.DeadLetters;
using Sagas.Kafka.Diagnostics;
using Sagas.Kafka.Outages;
using Sagas.Kafka.Producing;
using Sagas.Kafka.Receiving;

namespace Sagas.Kafka.Configuration;

/// <summary>
/// A MassTransit receive endpoint configuration whose transport is a Kafka consumer group. Being a real
/// <see cref="ReceiveEndpointConfiguration"/> is what makes sagas, consumers, retry and observers work unchanged.
/// </summary>
internal sealed class KafkaTopicEndpointConfiguration : ReceiveEndpointConfiguration, IKafkaTopicEndpointConfigurator
{
    readonly IBusInstance _busInstance;
    readonly IReceiveEndpointConfiguration _endpointConfiguration;
    readonly IServiceProvider _services;
    readonly KafkaCluster _cluster;
    readonly KafkaProducer _producer;
    readonly TopicProvisioner _provisioner;
    readonly KafkaMetrics _metrics;
    readonly ILoggerFactory _loggerFactory;
    bool _hasOwnRetry;
    Func<IServiceProvider, IBatchUnitOfWork>? _unitOfWork;

    public KafkaTopicEndpointConfiguration(IBusInstance busInstance, IReceiveEndpointConfiguration endpointConfiguration, string topic, string groupId,
        IServiceProvider services, KafkaCluster cluster, KafkaProducer producer, TopicProvisioner provisioner, KafkaMetrics metrics,
        ILoggerFactory loggerFactory)
        : base(busInstance.HostConfiguration, endpointConfiguration)
    {
        _services = services;
        _metrics = metrics;
        _busInstance = busInstance;
        _endpointConfiguration = endpointConfiguration;
        _cluster = cluster;
        _producer = producer;
        _provisioner = provisioner;
        _loggerFactory = loggerFactory;
        Topic = topic;
        GroupId = groupId;

        var options = cluster.Options;
        ConcurrentMessageLimit = options.ConcurrencyLimit;
        PrefetchCount = options.PrefetchCount;
        ConfigureConsumeTopology = false;
        PublishFaults = false;

        var deadLetters = new DeadLetterProducer(producer, metrics, topic + options.DeadLetterSuffix, groupId, loggerFactory.CreateLogger<DeadLetterProducer>());
        this.ConfigureError(x => x.UseFilter(new FaultedRecordFilter(deadLetters)));
        this.ConfigureDeadLetter(x => x.UseFilter(new SkippedRecordFilter(deadLetters)));
        UseDefaultRetry(options);
        ConnectSagaConfigurationObserver(new SagaLogScopes(loggerFactory.CreateLogger(SagaLogScopes.Category)));
    }

    public string Topic { get; }

    public string GroupId { get; }

    public override Uri HostAddress => _endpointConfiguration.HostAddress;

    /// <summary>The topic's own address, so what MassTransit sends back to a message's source (replies, scheduled messages) comes back here.</summary>
    public override Uri InputAddress => TopicAddress.For(Topic);

    public void UseBatchUnitOfWork(Func<IServiceProvider, IBatchUnitOfWork> create) => _unitOfWork = create;

    /// <summary>Noticing the endpoint's own UseMessageRetry is how the options' retry policy knows to stay out of its way.</summary>
    ConnectHandle IConsumerConfigurationObserverConnector.ConnectConsumerConfigurationObserver(IConsumerConfigurationObserver observer)
    {
        _hasOwnRetry |= observer is MessageRetryConfigurationObserver;
        return ConnectConsumerConfigurationObserver(observer);
    }

    /// <summary>
    /// Registered before the endpoint's own configuration, the retry decides per message type when the pipe is
    /// built: the options' policy, or nothing if the endpoint configured a <c>UseMessageRetry</c> of its own.
    /// </summary>
    void UseDefaultRetry(KafkaOptions options)
    {
        _ = new MessageRetryConfigurationObserver(this, CancellationToken.None, retry =>
        {
            if (_hasOwnRetry || options.RetryAttempts <= 1)
            {
                retry.None();
            }
            else
            {
                retry.Exponential(options.RetryAttempts - 1, options.RetryBackoff, options.RetryMaxBackoff, options.RetryBackoff);
                // An outage is waited out by the record handler without spending the record's retries.
                retry.Ignore<Exception>(TransientFailure.IsTransient);
            }
        });

        // The observer just connected is this default, not the endpoint's own retry.
        _hasOwnRetry = false;
    }

    public override ReceiveEndpointContext CreateReceiveEndpointContext() => CreateTopicEndpointContext();

    public ReceiveEndpoint Build(out KafkaTopicEndpointContext endpointContext)
    {
        var context = endpointContext = CreateTopicEndpointContext();

        var transportPipe = new PipeConfigurator<KafkaConsumerContext>();
        transportPipe.UseFilter(new TopicProvisioningFilter(_provisioner, context.Settings));
        transportPipe.UseFilter(new ReceiveEndpointDependencyFilter<KafkaConsumerContext>(context));
        transportPipe.UseFilter(new KafkaConsumerFilter(context));

        var transport = new ReceiveTransport<KafkaConsumerContext>(_busInstance.HostConfiguration, context, () => context.Supervisor, transportPipe.Build());
        return new ReceiveEndpoint(transport, context);
    }

    KafkaTopicEndpointContext CreateTopicEndpointContext()
    {
        var options = _cluster.Options;
        var settings = new TopicEndpointSettings(Topic, GroupId, Topic + options.DeadLetterSuffix,
            Transport.GetConcurrentMessageLimit(), Math.Max(Transport.PrefetchCount, Transport.GetConcurrentMessageLimit()), options.BatchSize, _unitOfWork);

        ApplySpecifications(new ReceiveEndpointBuilder(this));
        var context = new KafkaTopicEndpointContext(_busInstance, this, settings, _services, _cluster, _producer, _metrics, _loggerFactory);

        context.GetOrAddPayload(() => _busInstance.HostConfiguration.Topology);
        return context;
    }
}
