using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests.Infrastructure;

/// <summary>A generic host with the timeout scheduler (and optionally the test saga on its Kafka topic), started and stopped within bounds.</summary>
public sealed class TimeoutHost : IAsyncDisposable
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    readonly IHost _host;
    bool _stopped;

    TimeoutHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public TimeoutScheduler Scheduler => Services.GetRequiredService<TimeoutScheduler>();

    public IKafkaProducer Producer => Services.GetRequiredService<IKafkaProducer>();

    /// <summary>Only the scheduler: timeouts are scheduled through <see cref="Scheduler"/>.</summary>
    public static Task<TimeoutHost> StartScheduler(KafkaFixture kafka, Dictionary<string, string?> settings, KafkaOptions? kafkaOptions = null) =>
        Start(kafka, settings, kafkaOptions, _ => { });

    /// <summary>The scheduler and the waiting saga, consumed from the <c>Topics:Orchestrator</c> topic with <c>UseKafkaMessageScheduler</c>.</summary>
    public static Task<TimeoutHost> StartWithSaga(KafkaFixture kafka, Dictionary<string, string?> settings, TimeSpan sagaTimeout,
        Action<IServiceCollection>? configure = null) =>
        Start(kafka, settings, null, services =>
        {
            configure?.Invoke(services);
            services.AddSingleton(new WaitTimeout(sagaTimeout));
            services.AddMassTransit(x =>
            {
                x.AddSagaStateMachine<WaitingStateMachine, WaitingSaga>().InMemoryRepository().ExcludeFromConfigureEndpoints();
                x.AddRider(rider => rider.UsingKafka((context, k) =>
                    k.TopicEndpoint(settings["Topics:Orchestrator"]!, "waiting-sagas", e =>
                    {
                        e.UseKafkaMessageScheduler(context);
                        e.ConfigureBusSaga<WaitingSaga>(context);
                    })));
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            });
        });

    static async Task<TimeoutHost> Start(KafkaFixture kafka, Dictionary<string, string?> settings, KafkaOptions? kafkaOptions, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // Resolving a scoped service from the container fails, as a scoped outbox must come from the message's scope.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true }));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTestLogging();
        builder.Services.AddSingleton(kafka.Cluster);
        builder.Services.AddSingleton<IOptions<KafkaOptions>>(Options.Create(kafkaOptions ?? KafkaFixture.Options()));
        builder.Services.AddKafkaScheduling(builder.Configuration);
        configure(builder.Services);

        var host = new TimeoutHost(builder.Build());
        await host._host.StartAsync().WaitAsync(Bound);
        return host;
    }

    /// <summary>The saga's state, or null before it exists.</summary>
    public async Task<WaitingSaga?> Saga(Guid id) => await Services.GetRequiredService<ILoadSagaRepository<WaitingSaga>>().Load(id);

    /// <summary>Waits until the saga reached <paramref name="state"/> and returns it.</summary>
    public async Task<WaitingSaga> SagaIn(Guid id, string state) =>
        (await Eventually.Value(() => Saga(id), saga => saga?.CurrentState == state, $"saga {id} is {state}"))!;

    public async Task Stop()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _host.StopAsync().WaitAsync(Bound);
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        _host.Dispose();
    }
}
