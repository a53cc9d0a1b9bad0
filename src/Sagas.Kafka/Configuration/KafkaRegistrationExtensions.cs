using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Configuration;
using Sagas.Kafka.Connection;
using Sagas.Kafka.Diagnostics;
using Sagas.Kafka.Outages;
using Sagas.Kafka.Producing;
using Sagas.Kafka.Readiness;
using Sagas.Kafka.Receiving;

namespace Sagas.Kafka;

/// <summary>Registration of the Kafka rider and clients.</summary>
public static class KafkaRegistrationExtensions
{
    /// <summary>
    /// Connects the Kafka rider to the bus: <c>x.AddRider(r => r.UsingKafka((context, k) => k.TopicEndpoint(...)))</c>.
    /// Also registers everything <see cref="AddKafkaClients"/> does, and the <see cref="ConsumerGroupsHealthCheck"/>.
    /// </summary>
    public static void UsingKafka(this IRiderRegistrationConfigurator rider, Action<IRiderRegistrationContext, IKafkaFactoryConfigurator> configure)
    {
        rider.AddKafkaClients();
        if (rider.All(d => d.ServiceType != typeof(GroupAssignments)))
        {
            rider.AddSingleton<GroupAssignments>();
            rider.AddSingleton<ConsumerGroupsHealthCheck>();
            rider.AddHealthChecks().AddCheck<ConsumerGroupsHealthCheck>(ConsumerGroupsHealthCheck.Name, tags: ["ready", "kafka", ConsumerGroupsHealthCheck.StartupOnlyTag]);
        }

        rider.SetRiderFactory(new KafkaRiderFactory(configure));
    }

    /// <summary>
    /// Registers <see cref="KafkaOptions"/> (bound from the <c>Kafka</c> section when an IConfiguration is registered),
    /// <see cref="IKafkaProducer"/> and the <see cref="KafkaHealthCheck"/>; enough for a process that only produces.
    /// </summary>
    public static IServiceCollection AddKafkaClients(this IServiceCollection services)
    {
        services.AddOptions<KafkaOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(KafkaOptions.SectionName).Bind(options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.TryAddSingleton<KafkaMetrics>();
        services.TryAddSingleton<KafkaCluster>();
        services.TryAddSingleton<IKafkaClusterInfo>(provider => provider.GetRequiredService<KafkaCluster>());
        services.TryAddSingleton<KafkaProducer>();
        services.TryAddSingleton<IKafkaProducer>(provider => provider.GetRequiredService<KafkaProducer>());
        services.TryAddSingleton<TopicProvisioner>();
        services.TryAddSingleton<TopicReceiver>();
        services.TryAddSingleton<ITopicReceiver>(provider => provider.GetRequiredService<TopicReceiver>());
        services.TryAddSingleton<KafkaConnectivity>();
        services.AddOutageMonitoring();
        if (services.All(d => d.ServiceType != typeof(KafkaHealthCheck)))
        {
            services.AddSingleton<KafkaHealthCheck>();
            services.AddHealthChecks().AddCheck<KafkaHealthCheck>(KafkaHealthCheck.Name, tags: ["ready", "kafka"]);
        }

        return services;
    }

    /// <summary>
    /// Registers the <see cref="OutageMonitor"/> everything waiting for a dependency reports to, and its readiness check
    /// (<see cref="OutageHealthCheck"/>); once, however many parts ask for it. The logger factory becomes one that leaves
    /// out the per-attempt lines about an outage (<see cref="OutageQuietLoggerFactory"/>), which the monitor reports.
    /// </summary>
    public static IServiceCollection AddOutageMonitoring(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        if (services.Any(d => d.ServiceType == typeof(OutageMonitor)))
            return services;
        services.AddSingleton<OutageMonitor>();
        services.AddHealthChecks().AddCheck<OutageHealthCheck>(OutageHealthCheck.Name, tags: ["ready"]);
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider =>
            // The monitor logs through this factory, so it is looked up only once a line is logged.
            new OutageQuietLoggerFactory(ActivatorUtilities.CreateInstance<LoggerFactory>(provider), provider.GetRequiredService<OutageMonitor>)));
        return services;
    }

    /// <summary>
    /// Configures on a topic endpoint a saga registered on the bus (<c>x.AddSagaStateMachine&lt;...&gt;().ExcludeFromConfigureEndpoints()</c>).
    /// Registering at bus level rather than inside AddRider is what gives the saga its repository and the test harness its saga harness.
    /// </summary>
    public static void ConfigureBusSaga<TSaga>(this IKafkaTopicEndpointConfigurator endpoint, IRiderRegistrationContext context)
        where TSaga : class, ISaga =>
        endpoint.ConfigureSaga<TSaga>(context.GetRequiredService<IBusRegistrationContext>());

    /// <summary>Configures on a topic endpoint a consumer registered on the bus with <c>.ExcludeFromConfigureEndpoints()</c>.</summary>
    public static void ConfigureBusConsumer<TConsumer>(this IKafkaTopicEndpointConfigurator endpoint, IRiderRegistrationContext context)
        where TConsumer : class, IConsumer =>
        endpoint.ConfigureConsumer<TConsumer>(context.GetRequiredService<IBusRegistrationContext>());
}
