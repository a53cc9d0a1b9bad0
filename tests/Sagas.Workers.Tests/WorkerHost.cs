using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sagas.Hosting.Services;
using Sagas.Hosting.Workers;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Testing;
using Sagas.Workers.Host;

namespace Sagas.Workers.Tests;

/// <summary>
/// The workers on MassTransit's in-memory test harness with their databases in SQLite files of a fresh directory. Commands
/// are sent to their worker's <c>topic:</c> address, as the sagas send them; a worker endpoint is named after its topic,
/// so that address reaches it here too. A command sent here has no response address, so a worker's <c>RespondAsync</c>
/// publishes its reply. One per test.
/// </summary>
sealed class WorkerHost : IAsyncDisposable
{
    // The harness's Select blocks until its timeout for more matches unless the token is already cancelled.
    static readonly CancellationToken AlreadyCancelled = new(canceled: true);

    readonly TemporaryDirectory directory;
    readonly PostgresDatabase? postgres;
    readonly ServiceProvider provider;

    WorkerHost(TemporaryDirectory directory, PostgresDatabase? postgres, ServiceProvider provider)
    {
        this.directory = directory;
        this.postgres = postgres;
        this.provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => provider;

    /// <summary>
    /// Starts the given roles (all when none), with extra configuration and services; on a fresh PostgreSQL database
    /// when <paramref name="onPostgresIfConfigured"/> and <c>SAGAS_TEST_POSTGRES</c> is set, else on SQLite files.
    /// </summary>
    public static async Task<WorkerHost> Start(IEnumerable<WorkerRole>? roles = null, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null, bool onPostgresIfConfigured = false)
    {
        var directory = new TemporaryDirectory();
        var postgres = onPostgresIfConfigured ? await PostgresDatabase.CreateIfConfigured() : null;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Persistence:DataDirectory"] = directory.Path,
                ["Workers:RetryInterval"] = "00:00:00.010",
            })
            .AddInMemoryCollection(postgres is null ? [] : postgres.Settings)
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var workers = new ServiceSet(WorkersHost.Services, [.. roles ?? WorkerRoles.All]);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration);
        workers.AddServices(services, configuration);
        configureServices?.Invoke(services);
        services.AddOptions<TopicOptions>().BindConfiguration(TopicOptions.Section);
        services.AddMassTransitTestHarness(workers.AddConsumers);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var host = new WorkerHost(directory, postgres, provider);
        host.Harness.TestTimeout = TimeSpan.FromSeconds(20);
        await host.Harness.Start();
        return host;
    }

    /// <summary>Sends a command to its worker's topic address, as a saga does.</summary>
    public async Task Send<T>(T command)
        where T : class
    {
        var worker = await Harness.Bus.GetSendEndpoint(provider.GetRequiredService<IOptions<TopicOptions>>().Value.AddressOf<T>());
        await worker.Send(command);
    }

    /// <summary>Waits until the saga has received <paramref name="count"/> replies of the type, and returns them.</summary>
    public async Task<IReadOnlyList<T>> Replies<T>(Guid sagaId, int count = 1)
        where T : class
    {
        await Eventually.Until(() => Task.FromResult(RepliesSoFar<T>(sagaId).Count >= count),
            $"saga {sagaId} received {count} {typeof(T).Name}");
        return RepliesSoFar<T>(sagaId);
    }

    /// <summary>The single reply of the type the saga received.</summary>
    public async Task<T> Reply<T>(Guid sagaId)
        where T : class => (await Replies<T>(sagaId)).Single();

    /// <summary>The replies of the type published for the saga so far, without waiting for more.</summary>
    public IReadOnlyList<T> RepliesSoFar<T>(Guid sagaId)
        where T : class =>
        Harness.Published.Select<T>(AlreadyCancelled).Select(published => published.Context.Message)
            .Where(message => RecordKey.Of(message) == sagaId).ToList();

    /// <summary>How many commands of the type the workers have finished consuming, successfully or not.</summary>
    public int ConsumedSoFar<T>()
        where T : class => Harness.Consumed.Select<T>(AlreadyCancelled).Count();

    /// <summary>Runs <paramref name="use"/> with a service from a fresh scope, as one request or one message would.</summary>
    public async Task<TResult> With<TService, TResult>(Func<TService, Task<TResult>> use)
        where TService : notnull
    {
        await using var scope = provider.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
        if (postgres is not null)
            await postgres.DisposeAsync();
        directory.Dispose();
    }
}
