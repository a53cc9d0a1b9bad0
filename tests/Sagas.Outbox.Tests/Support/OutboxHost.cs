using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Outbox.Delivery;
using Sagas.Outbox.Sending;
using Sagas.Persistence;
using Sagas.Persistence.Sagas;
using Sagas.Persistence.Schema;
using Sagas.Testing;

namespace Sagas.Outbox.Tests.Support;

/// <summary>
/// A process of the parcel service: its database and the outbox on <see cref="ParcelDbContext"/>, producing to the
/// embedded cluster, optionally with the parcel saga on a topic endpoint. Started, it delivers what its commits write;
/// built only (<see cref="WithoutDelivery"/>), it is a process that died right after its commits. Sweeps are run by
/// hand (<see cref="Sweeper"/>): the Quartz job that runs them in production is Sagas.Scheduling's.
/// </summary>
public sealed class OutboxHost : IAsyncDisposable
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    readonly IHost _host;
    readonly string _bootstrapServers;
    bool _started;
    bool _stopped;

    OutboxHost(IHost host, string topic, string bootstrapServers)
    {
        _host = host;
        Topic = topic;
        _bootstrapServers = bootstrapServers;
    }

    /// <summary>The topic the test's records go to (the saga's own, for a host with the saga).</summary>
    public string Topic { get; }

    public IServiceProvider Services => _host.Services;

    public IKafkaProducer Producer => Services.GetRequiredService<IKafkaProducer>();

    public OutboxPublisher<ParcelDbContext> Publisher => Services.GetRequiredService<OutboxPublisher<ParcelDbContext>>();

    public OutboxSweeper<ParcelDbContext> Sweeper => Services.GetRequiredService<OutboxSweeper<ParcelDbContext>>();

    /// <summary>Test timings: a lease longer than any test unless it moves time, quick retries.</summary>
    public static Dictionary<string, string?> Settings(TestDatabase database, Action<Dictionary<string, string?>>? adjust = null)
    {
        var settings = database.Settings();
        settings["Outbox:LeaseDuration"] = "00:01:00";
        settings["Outbox:RetryBackoff"] = "00:00:00.100";
        settings["Outbox:RetryMaxBackoff"] = "00:00:00.500";
        adjust?.Invoke(settings);
        return settings;
    }

    /// <summary>A started process: its schema applied, what it commits produced at once and settled.</summary>
    public static async Task<OutboxHost> Start(KafkaFixture kafka, Dictionary<string, string?> settings, string topic, KafkaOptions? kafkaOptions = null,
        TimeProvider? time = null, Action<IServiceCollection>? configure = null)
    {
        var host = Build(kafka, settings, topic, kafkaOptions, time, configure);
        await host.StartHost();
        return host;
    }

    /// <summary>A process whose delivery never runs: what it commits stays in the table under its claims, as a process that died after its commits leaves it.</summary>
    public static async Task<OutboxHost> WithoutDelivery(KafkaFixture kafka, Dictionary<string, string?> settings, string topic, TimeProvider? time = null)
    {
        var host = Build(kafka, settings, topic, null, time, configure: null);
        await SchemaMigrator.ApplyAsync(host.Services);
        return host;
    }

    /// <summary>A started process with the parcel saga consuming <paramref name="topic"/> (group <c>parcel-sagas</c>) through the transactional outbox.</summary>
    public static async Task<OutboxHost> StartWithSaga(KafkaFixture kafka, Dictionary<string, string?> settings, string topic, ParcelRoute route,
        Action<IServiceCollection>? configure = null)
    {
        var host = Build(kafka, settings, topic, KafkaFixture.ConsumerOptions(), time: null, services =>
        {
            configure?.Invoke(services);
            services.AddSingleton(route);
            services.AddMassTransit(x =>
            {
                x.AddSagaStateMachine<ParcelStateMachine, ParcelState>().EntityFrameworkRepository<ParcelState, ParcelDbContext>().ExcludeFromConfigureEndpoints();
                x.AddRider(rider => rider.UsingKafka((context, k) =>
                    k.TopicEndpoint(topic, "parcel-sagas", endpoint =>
                    {
                        endpoint.UseTransactionalOutbox<ParcelDbContext>(context);
                        endpoint.ConfigureBusSaga<ParcelState>(context);
                    })));
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            });
        });
        await host.StartHost();
        // MassTransit keeps its log context in an async-local that outlives a previous host in the same test run.
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        return host;
    }

    static OutboxHost Build(KafkaFixture kafka, Dictionary<string, string?> settings, string topic, KafkaOptions? kafkaOptions, TimeProvider? time,
        Action<IServiceCollection>? configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // Scoped services resolved from the container fail, as the outbox's must come from the caller's scope.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true }));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTestLogging();
        builder.Services.AddSingleton(kafka.Cluster);
        builder.Services.AddSingleton<IOptions<KafkaOptions>>(Options.Create(kafkaOptions ?? KafkaFixture.Options()));
        if (time is not null)
            builder.Services.AddSingleton(time);
        var service = settings[TestDatabase.ServiceKey]!;
        builder.Services.AddSingleton(new TestService(service));
        builder.Services.AddServiceDatabase<ParcelDbContext>(service);
        builder.Services.ConfigureDbContext<ParcelDbContext>(options => options.ReplaceService<IModelCacheKeyFactory, ServiceModelCacheKeyFactory>());
        builder.Services.AddTransactionalOutbox<ParcelDbContext>(builder.Configuration);
        configure?.Invoke(builder.Services);
        return new OutboxHost(builder.Build(), topic, kafka.Cluster.BootstrapServers);
    }

    async Task StartHost()
    {
        await _host.StartAsync().WaitAsync(Bound);
        _started = true;
    }

    /// <summary>Runs <paramref name="work"/> in a transaction on a scope's context, saves, and commits (or rolls back).</summary>
    public async Task Transaction(Func<ParcelDbContext, IServiceProvider, Task> work, bool rollBack = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParcelDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await work(db, scope.ServiceProvider);
        await db.SaveChangesAsync();
        if (rollBack)
            await transaction.RollbackAsync();
        else
            await transaction.CommitAsync();
    }

    /// <summary>Moves a parcel and sends its steps to <see cref="Topic"/> through the outbox, in one transaction.</summary>
    public Task Send(Guid sagaId, params int[] steps) =>
        Transaction(async (db, scope) =>
        {
            if (await db.Parcels.FindAsync(sagaId) is { } parcel)
                parcel.Status = $"Moved {steps.Length} more";
            else
                db.Parcels.Add(new Parcel { CorrelationId = sagaId, Status = "Moving" });
            await SendSteps(scope, sagaId, steps);
        });

    /// <summary>Sends steps through the scope's outbox (its writer's <c>Add</c>), without saving.</summary>
    public async Task SendSteps(IServiceProvider scope, Guid sagaId, params int[] steps)
    {
        var endpoint = await scope.GetRequiredService<OutboxSendEndpoints<ParcelDbContext>>().GetSendEndpoint(TopicAddress.For(Topic));
        foreach (var step in steps)
            await endpoint.Send(new ParcelMoved(sagaId, step));
    }

    /// <summary>Schedules a step of the saga for <paramref name="dueAt"/>, committed on its own.</summary>
    public async Task Schedule(Guid sagaId, int step, Guid tokenId, DateTimeOffset dueAt)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OutboxWriter<ParcelDbContext>>().Schedule(Record(sagaId, step), tokenId, dueAt);
        await scope.ServiceProvider.GetRequiredService<ParcelDbContext>().SaveChangesAsync();
    }

    /// <summary>A step as the record the outbox stores.</summary>
    public KafkaRecord Record(Guid sagaId, int step) => Producer.Serialize(Topic, sagaId, new ParcelMoved(sagaId, step));

    /// <summary>Every outbox row, in id order.</summary>
    public async Task<List<OutboxMessage>> Rows()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ParcelDbContext>().Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>Changes rows as a test's premise (a claim by another process, a pending retry).</summary>
    public async Task Update(Func<IQueryable<OutboxMessage>, Task> update)
    {
        await using var scope = Services.CreateAsyncScope();
        await update(scope.ServiceProvider.GetRequiredService<ParcelDbContext>().Outbox);
    }

    /// <summary>What <see cref="Topic"/> holds now.</summary>
    public List<ProducedRecord> Produced() => Produced(Topic);

    public List<ProducedRecord> Produced(string topic) => TopicRecords.ReadAll(_bootstrapServers, topic);

    /// <summary>
    /// Waits until the publisher has nothing in hand, then writes its outcomes at once instead of at the next settle
    /// interval (which a fake clock never reaches), and returns the rows left.
    /// </summary>
    public async Task<List<OutboxMessage>> Settle()
    {
        await Eventually.Until(() => Task.FromResult(Publisher.Producing == 0), "the cluster answered for every committed record");
        Assert.True(await Services.GetRequiredService<OutboxSettlement<ParcelDbContext>>().TrySettle(CancellationToken.None));
        return await Rows();
    }

    /// <summary>Sweeps until <paramref name="accept"/> holds (bounded), as a scheduler sweeping often would.</summary>
    public async Task SweepUntil(Func<Task<bool>> accept, string what) =>
        await Eventually.Until(async () =>
        {
            await Sweeper.Sweep(CancellationToken.None);
            return await accept();
        }, what);

    /// <summary>The saga's committed state, or null before it exists.</summary>
    public async Task<ParcelState?> Saga(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ParcelDbContext>().ParcelSagas.AsNoTracking().SingleOrDefaultAsync(saga => saga.CorrelationId == id);
    }

    /// <summary>Waits until the saga is committed in <paramref name="state"/> and returns it.</summary>
    public async Task<ParcelState> SagaIn(Guid id, string state) =>
        (await Eventually.Value(() => Saga(id), saga => saga?.CurrentState == state, $"parcel {id} is {state}"))!;

    public async Task Stop()
    {
        if (!_started || _stopped)
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
