using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Outbox;
using Sagas.Outbox.Sending;
using Sagas.Persistence;
using Sagas.Persistence.Sagas;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests.Infrastructure;

/// <summary>
/// A process as the orchestrator runs its timeouts: the outbox of <see cref="WaitingDbContext"/>, Quartz sweeping it
/// (<c>AddOutboxScheduling</c>), optionally the waiting saga on its Kafka topic with <c>UseTransactionalOutbox</c>;
/// started and stopped within bounds.
/// </summary>
public sealed class TimeoutHost : IAsyncDisposable
{
    /// <summary>The consumer group of the waiting sagas.</summary>
    public const string SagaGroup = "waiting-sagas";

    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    readonly IHost _host;
    readonly string _bootstrapServers;
    bool _stopped;

    TimeoutHost(IHost host, string topic, string bootstrapServers)
    {
        _host = host;
        Topic = topic;
        _bootstrapServers = bootstrapServers;
    }

    /// <summary>The topic timeouts are delivered to: the saga's own.</summary>
    public string Topic { get; }

    public IServiceProvider Services => _host.Services;

    public IKafkaProducer Producer => Services.GetRequiredService<IKafkaProducer>();

    /// <summary>The outbox and Quartz sweeping it; timeouts are scheduled with <see cref="Schedule"/>.</summary>
    public static Task<TimeoutHost> StartScheduler(KafkaFixture kafka, Dictionary<string, string?> settings, string topic) =>
        Start(kafka, settings, topic, _ => { });

    /// <summary>Also the waiting saga, consuming <paramref name="topic"/> through the transactional outbox, waiting <paramref name="sagaTimeout"/> for its reply.</summary>
    public static Task<TimeoutHost> StartWithSaga(KafkaFixture kafka, Dictionary<string, string?> settings, string topic, TimeSpan sagaTimeout) =>
        Start(kafka, settings, topic, services =>
        {
            services.AddSingleton(new WaitTimeout(sagaTimeout));
            services.AddMassTransit(x =>
            {
                x.AddSagaStateMachine<WaitingStateMachine, WaitingSaga>().EntityFrameworkRepository<WaitingSaga, WaitingDbContext>().ExcludeFromConfigureEndpoints();
                x.AddRider(rider => rider.UsingKafka((context, k) =>
                    k.TopicEndpoint(topic, SagaGroup, endpoint =>
                    {
                        endpoint.UseTransactionalOutbox<WaitingDbContext>(context);
                        endpoint.ConfigureBusSaga<WaitingSaga>(context);
                    })));
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            });
        });

    static async Task<TimeoutHost> Start(KafkaFixture kafka, Dictionary<string, string?> settings, string topic, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // Resolving a scoped service from the container fails, as the outbox must come from the message's scope.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true }));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTestLogging();
        builder.Services.AddSingleton(kafka.Cluster);
        builder.Services.AddSingleton<IOptions<KafkaOptions>>(Options.Create(KafkaFixture.Options()));
        builder.Services.AddServiceDatabase<WaitingDbContext>(WaitingDbContext.Service);
        builder.Services.AddTransactionalOutbox<WaitingDbContext>(builder.Configuration);
        builder.Services.AddOutboxScheduling<WaitingDbContext>(builder.Configuration);
        configure(builder.Services);

        var host = new TimeoutHost(builder.Build(), topic, kafka.Cluster.BootstrapServers);
        await host._host.StartAsync().WaitAsync(Bound);
        // MassTransit keeps its log context in an async-local that outlives a previous host in the same test run.
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        return host;
    }

    /// <summary>Schedules the saga's timeout record for <paramref name="dueAt"/> through the outbox, committed on its own.</summary>
    public async Task Schedule(Guid sagaId, Guid tokenId, DateTimeOffset dueAt)
    {
        await using var scope = Services.CreateAsyncScope();
        var record = Producer.Serialize(Topic, sagaId, new WaitTimedOut(sagaId));
        scope.ServiceProvider.GetRequiredService<OutboxWriter<WaitingDbContext>>().Schedule(record, tokenId, dueAt);
        await scope.ServiceProvider.GetRequiredService<WaitingDbContext>().SaveChangesAsync();
    }

    /// <summary>Every outbox row, in id order.</summary>
    public async Task<List<OutboxMessage>> Rows()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WaitingDbContext>().Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>What <see cref="Topic"/> (or <paramref name="topic"/>) holds now.</summary>
    public List<Confluent.Kafka.ConsumeResult<byte[], byte[]>> Produced(string? topic = null) => TopicRecords.ReadAll(_bootstrapServers, topic ?? Topic);

    /// <summary>The saga's committed state, or null before it exists.</summary>
    public async Task<WaitingSaga?> Saga(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WaitingDbContext>().Sagas.AsNoTracking().SingleOrDefaultAsync(saga => saga.CorrelationId == id);
    }

    /// <summary>Waits until the saga is committed in <paramref name="state"/> and returns it.</summary>
    public async Task<WaitingSaga> SagaIn(Guid id, string state) =>
        (await Eventually.Value(() => Saga(id), saga => saga?.CurrentState == state, $"saga {id} is {state}"))!;

    /// <summary>Waits until the saga endpoint has finished (and committed the offset of) every record on its topic.</summary>
    public Task Drained() =>
        Eventually.Until(() => Task.FromResult(TopicRecords.Consumed(_bootstrapServers, Topic, SagaGroup)), $"the sagas consumed all of {Topic}");

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
