using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Persistence;
using Sagas.Persistence.Schema;
using Sagas.Scheduling;
using Sagas.Testing;

namespace Sagas.Outbox.Tests.Support;

/// <summary>
/// A generic host with the parcel service's database, the in-memory timeout scheduler and the outbox on
/// <see cref="ParcelDbContext"/>, producing to the embedded cluster. Started, it runs the relay; built only, tests drive
/// rounds themselves (<see cref="Delivery"/>) with a fake clock.
/// </summary>
public sealed class OutboxHost : IAsyncDisposable
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    readonly IHost _host;
    bool _started;
    bool _stopped;

    OutboxHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public TimeoutScheduler Scheduler => Services.GetRequiredService<TimeoutScheduler>();

    public IKafkaProducer Producer => Services.GetRequiredService<IKafkaProducer>();

    /// <summary>Test timings: quick polls and retries, a lease longer than any test.</summary>
    public static Dictionary<string, string?> Settings(TestDatabase database, string topic, Action<Dictionary<string, string?>>? adjust = null)
    {
        var settings = database.Settings();
        settings["Topics:Orchestrator"] = topic;
        settings["Scheduling:Store"] = "InMemory";
        settings["Outbox:PollInterval"] = "00:00:00.200";
        settings["Outbox:LeaseDuration"] = "00:01:00";
        settings["Outbox:RetryBackoff"] = "00:00:00.100";
        settings["Outbox:RetryMaxBackoff"] = "00:00:00.500";
        adjust?.Invoke(settings);
        return settings;
    }

    /// <summary>A started host: the schema is applied and the relay runs.</summary>
    public static async Task<OutboxHost> Start(KafkaFixture kafka, Dictionary<string, string?> settings, KafkaOptions? kafkaOptions = null)
    {
        var host = Build(kafka, settings, kafkaOptions, time: null);
        await host._host.StartAsync().WaitAsync(Bound);
        host._started = true;
        return host;
    }

    /// <summary>A host that is not started (no relay loop), on <paramref name="time"/>, with its schema applied.</summary>
    public static async Task<OutboxHost> Manual(KafkaFixture kafka, Dictionary<string, string?> settings, TimeProvider time)
    {
        var host = Build(kafka, settings, null, time);
        await SchemaMigrator.ApplyAsync(host.Services);
        return host;
    }

    static OutboxHost Build(KafkaFixture kafka, Dictionary<string, string?> settings, KafkaOptions? kafkaOptions, TimeProvider? time)
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
        builder.Services.AddKafkaScheduling(builder.Configuration);
        builder.Services.AddTransactionalOutbox<ParcelDbContext>(builder.Configuration);
        return new OutboxHost(builder.Build());
    }

    /// <summary>One relay round run by hand, with its own owner (so two instances act as two relays).</summary>
    internal OutboxDelivery<ParcelDbContext> Delivery() => ActivatorUtilities.CreateInstance<OutboxDelivery<ParcelDbContext>>(Services);

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

    /// <summary>Creates a parcel and sends its steps through the outbox dispatcher, in one transaction.</summary>
    public Task Send(Guid sagaId, params int[] steps) =>
        Transaction(async (db, scope) =>
        {
            if (await db.Parcels.FindAsync(sagaId) is null)
                db.Parcels.Add(new Parcel { CorrelationId = sagaId, Status = "Moving" });
            var dispatcher = scope.GetRequiredService<OutboxMessageDispatcher<ParcelDbContext>>();
            foreach (var step in steps)
                await dispatcher.Dispatch(new ParcelMoved(sagaId, step), null, CancellationToken.None);
        });

    /// <summary>Every outbox row, in id order.</summary>
    public async Task<List<OutboxMessage>> Rows()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ParcelDbContext>().Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>Changes rows as a test's premise (a claim by a relay that died, a pending retry).</summary>
    public async Task Update(Func<IQueryable<OutboxMessage>, Task> update)
    {
        await using var scope = Services.CreateAsyncScope();
        await update(scope.ServiceProvider.GetRequiredService<ParcelDbContext>().Outbox);
    }

    /// <summary>Waits until every outbox row is delivered and returns them.</summary>
    public Task<List<OutboxMessage>> AllDelivered(int count) =>
        Eventually.Value(Rows, rows => rows.Count == count && rows.All(row => row.DeliveredAt is not null), $"{count} outbox rows are delivered");

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
