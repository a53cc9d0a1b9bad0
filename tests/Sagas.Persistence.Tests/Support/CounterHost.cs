using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Persistence.Sagas;
using Sagas.Persistence.Schema;
using Sagas.Testing;

namespace Sagas.Persistence.Tests.Support;

/// <summary>A process-like host of the counter saga on MassTransit's test harness, with our repository on a test database.</summary>
public sealed class CounterHost : IAsyncDisposable
{
    // The harness's Select waits for more matches until its timeout, or until the bus was first idle for a moment (a
    // signal that never resets), unless the token is already cancelled: checks here read what happened so far, and
    // tests wait with Eventually.
    static readonly CancellationToken AlreadyCancelled = new(canceled: true);

    readonly ServiceProvider _provider;

    CounterHost(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<CounterStateMachine, CounterSaga> Sagas =>
        Harness.GetSagaStateMachineHarness<CounterStateMachine, CounterSaga>();

    public IServiceProvider Services => _provider;

    /// <summary>
    /// Starts the host; <paramref name="configureBus"/> adds bus-wide filters ahead of the message scope,
    /// <paramref name="configureServices"/> adds to the container (an interceptor on the DbContext, say).
    /// </summary>
    public static async Task<CounterHost> Start(TestDatabase database, string service, Action<IInMemoryBusFactoryConfigurator>? configureBus = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var services = database.Services<CounterDbContext>(service);
        configureServices?.Invoke(services);
        services.AddMassTransitTestHarness(bus =>
        {
            bus.AddSagaStateMachine<CounterStateMachine, CounterSaga>().EntityFrameworkRepository<CounterSaga, CounterDbContext>();
            bus.AddSagaStateMachine<EagerCounterStateMachine, EagerCounter>().EntityFrameworkRepository<EagerCounter, CounterDbContext>();
            bus.UsingInMemory((context, cfg) =>
            {
                // Enough parallel consumers on one endpoint that racing messages really overlap.
                cfg.ConcurrentMessageLimit = 16;
                configureBus?.Invoke(cfg);
                // One scope (so one DbContext) for all attempts of a message, the case where a retry must start clean.
                cfg.UseMessageScope(context);
                cfg.UseMessageRetry(retry => retry.Immediate(2).Handle<AuditFailedException>());
                cfg.ConfigureEndpoints(context);
            });
        });
        var provider = services.BuildServiceProvider(validateScopes: true);
        await SchemaMigrator.ApplyAsync(provider);
        // MassTransit keeps its log context in an async-local that outlives a previous host in the same test.
        LogContext.ConfigureCurrentLogContext(provider.GetRequiredService<ILoggerFactory>());
        var host = new CounterHost(provider);
        await host.Harness.Start();
        return host;
    }

    public Task Publish<T>(T message)
        where T : class =>
        Harness.Bus.Publish(message);

    /// <summary>Publishes with a chosen message id, the way a broker redelivers the same message.</summary>
    public Task Publish<T>(T message, Guid messageId)
        where T : class =>
        Harness.Bus.Publish(message, context => context.MessageId = messageId);

    /// <summary>
    /// Waits (bounded) until the committed saga satisfies <paramref name="accept"/>. MassTransit reports a message
    /// consumed before the repository commits, so tests wait for the database, not for the harness.
    /// </summary>
    public async Task<CounterSaga> SagaWhen(Guid id, Func<CounterSaga, bool> accept, string what) =>
        (await Eventually.Value(() => Read(id), saga => saga is not null && accept(saga), what))!;

    /// <summary>Waits (bounded) until <paramref name="read"/> returns a value <paramref name="accept"/> takes.</summary>
    public Task<T> When<T>(Func<CounterDbContext, Task<T>> read, Func<T, bool> accept, string what) =>
        Eventually.Value(() => With(read), accept, what);

    /// <summary>Whether any message of type <typeparamref name="T"/> faulted (checked without waiting).</summary>
    public bool Faulted<T>()
        where T : class =>
        Harness.Published.Select<Fault<T>>(AlreadyCancelled).Any();

    /// <summary>Whether a message with this id was consumed (checked without waiting).</summary>
    public bool Consumed<T>(Guid messageId)
        where T : class =>
        Harness.Consumed.Select<T>(AlreadyCancelled).Any(message => message.Context.MessageId == messageId);

    public async Task<CounterSaga?> Read(Guid id)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CounterDbContext>().Counters.AsNoTracking()
            .SingleOrDefaultAsync(saga => saga.CorrelationId == id);
    }

    public async Task<T> With<T>(Func<CounterDbContext, Task<T>> read)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CounterDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
