using MassTransit;
using MassTransit.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sagas.Kafka.Connection;
using Sagas.Kafka.Diagnostics;
using Sagas.Kafka.Producing;
using Sagas.Kafka.Readiness;
using Sagas.Kafka.Receiving;

namespace Sagas.Kafka.Configuration;

/// <summary>Builds the topic endpoints on the bus being created and connects the rider to it.</summary>
internal sealed class KafkaBusInstanceSpecification(IRiderRegistrationContext context, KafkaFactoryConfigurator configurator) : IBusInstanceSpecification
{
    public void Configure(IBusInstance busInstance)
    {
        var cluster = context.GetRequiredService<KafkaCluster>();
        var producer = context.GetRequiredService<KafkaProducer>();
        var provisioner = context.GetRequiredService<TopicProvisioner>();
        var metrics = context.GetRequiredService<KafkaMetrics>();
        var receiver = context.GetRequiredService<TopicReceiver>();
        var assignments = context.GetRequiredService<GroupAssignments>();
        var loggerFactory = context.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;

        // Every endpoint's topics are created by the first endpoint that starts, in one request, so no endpoint waits behind another's.
        provisioner.Declare(configurator.Topics.Concat(configurator.Endpoints.SelectMany(e => new[] { e.Topic, e.Topic + cluster.Options.DeadLetterSuffix })));

        var endpoints = new ReceiveEndpointCollection();
        foreach (var definition in configurator.Endpoints)
        {
            var name = $"kafka/{definition.Topic}/{definition.GroupId}";
            var configuration = new KafkaTopicEndpointConfiguration(busInstance, busInstance.HostConfiguration.CreateReceiveEndpointConfiguration(name),
                definition.Topic, definition.GroupId, context, cluster, producer, provisioner, metrics, loggerFactory);
            definition.Configure(configuration);
            configuration.Validate().ThrowIfContainsFailure($"The Kafka topic endpoint {name} is misconfigured:");
            endpoints.Add(name, configuration.Build(out var endpointContext));
            receiver.Add(endpointContext);
            assignments.Track(endpointContext.Assignment);
        }

        assignments.ConfigurationDone();

        var rider = new KafkaRider(endpoints, context.GetRequiredService<KafkaConnectivity>(), cluster.Options, loggerFactory.CreateLogger<KafkaRider>());
        busInstance.Connect<IKafkaRider>(rider);
    }

    public IEnumerable<ValidationResult> Validate() => [];
}
