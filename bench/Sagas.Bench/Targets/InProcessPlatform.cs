using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Sagas.Bench.Invariants;
using Sagas.Standalone;

namespace Sagas.Bench.Targets;

/// <summary>
/// The whole platform started in this process, exactly as the standalone host builds it (embedded Kafka broker,
/// every worker), on SQLite files in a fresh directory or on a PostgreSQL database, and driven over HTTP on a free
/// local port like any other platform.
/// </summary>
public sealed class InProcessPlatform : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly string _dataDirectory;

    InProcessPlatform(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the platform and drives it over HTTP; <paramref name="configure"/> as in <see cref="Start"/>.</summary>
    public static async Task<ISagaTarget> StartTarget(BenchOptions options, IReadOnlyList<SagaKind> kinds, CancellationToken cancellationToken,
        Action<WebApplicationBuilder>? configure = null)
    {
        var platform = await Start(options, cancellationToken, configure);
        var http = new HttpClient { BaseAddress = platform.Address, Timeout = TimeSpan.FromSeconds(60) };
        var shape = $"{options.Brokers} broker(s), {options.Partitions?.ToString(CultureInfo.InvariantCulture) ?? "default"} partitions";
        var description = new TargetDescription("platform", options.Storage, $"embedded Kafka (librdkafka mock cluster, {shape})", "HTTP, in-process");
        var target = new HttpSagaTarget(new PlatformApi(http), description, kinds, new LedgerJournalReader(platform.Services), new Owned(platform, http));
        try
        {
            await target.WaitUntilReady(cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the platform; <paramref name="configure"/> may add services (a shared embedded cluster) or loggers.</summary>
    public static async Task<InProcessPlatform> Start(BenchOptions options, CancellationToken cancellationToken,
        Action<WebApplicationBuilder>? configure = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sagas-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = address.ToString(),
            ["Persistence:Provider"] = options.Storage == BenchOptions.Postgres ? "PostgreSql" : "Sqlite",
            ["Persistence:ConnectionString"] = options.ConnectionString,
            ["Persistence:DataDirectory"] = dataDirectory,
            ["Transfers:StepTimeout"] = options.StepTimeout.ToString(),
            ["Orders:StepTimeout"] = options.StepTimeout.ToString(),
            ["Fraud:MaxAmount"] = "10000",
            ["Kafka:BootstrapServers"] = "",
            ["Kafka:EmbeddedBrokers"] = options.Brokers.ToString(CultureInfo.InvariantCulture),
            ["Kafka:ReplicationFactor"] = options.Brokers.ToString(CultureInfo.InvariantCulture),
            // Refused debits and failed fraud checks are the workload, logged as warnings by the workers; only errors matter here.
            ["Logging:LogLevel:Default"] = "Error",
        };

        if (options.Partitions is { } partitions)
            settings["Kafka:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in options.Settings)
            settings[key] = value;

        var app = StandalonePlatform.Build([], settings, configure);
        await app.StartAsync(cancellationToken);
        return new InProcessPlatform(app, dataDirectory, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite connection may still hold a file; the OS temp cleaner takes what is left.
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    sealed class Owned(InProcessPlatform platform, HttpClient http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await platform.DisposeAsync();
        }
    }
}
