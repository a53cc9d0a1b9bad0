using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Sagas.Testing;

namespace Sagas.Deployment.Tests;

/// <summary>
/// The platform started by <c>infra/run-distributed.sh</c>, the script infra/README.md tells people to run: embedded broker
/// with 3 brokers, migrate, two orchestrators, a worker host with every worker service and the gateway in front of them,
/// each its own process, on the hosts built into this test's output directory and a fresh PostgreSQL database.
/// </summary>
sealed class DistributedPlatform : IAsyncDisposable
{
    static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    readonly TemporaryDirectory _directory;
    readonly HostProcess _script;

    DistributedPlatform(TemporaryDirectory directory, HostProcess script, HttpClient gateway, HttpClient[] orchestrators, HttpClient workers)
    {
        _directory = directory;
        _script = script;
        Gateway = gateway;
        Orchestrators = orchestrators;
        Workers = workers;
    }

    /// <summary>The one address users call: every path, routed to the service that owns it.</summary>
    public HttpClient Gateway { get; }

    public IReadOnlyList<HttpClient> Orchestrators { get; }

    public HttpClient Workers { get; }

    /// <summary>Runs the script; the worker host starts <paramref name="workersDelay"/> after the orchestrators.</summary>
    public static DistributedPlatform Start(PostgresDatabase database, TimeSpan workersDelay)
    {
        var directory = new TemporaryDirectory();
        int[] ports = [FreePort(), FreePort(), FreePort(), FreePort()];
        var script = HostProcess.Run("bash",
            [
                RepositoryFiles.PathOf("infra/run-distributed.sh"), "--bin", AppContext.BaseDirectory, "--dir", directory.Path,
                "--postgres", database.ConnectionString, "--orchestrator-ports", $"{ports[0]},{ports[1]}", "--worker-port", $"{ports[2]}",
                "--gateway-port", $"{ports[3]}",
                "--workers-delay", $"{workersDelay.TotalSeconds:0}",
            ],
            directory.Path,
            new Dictionary<string, string>
            {
                ["Logging__LogLevel__Default"] = "Warning",
                // The gate's "Ready after" line and the rider's assignments, for a failure message.
                ["Logging__LogLevel__Sagas"] = "Information",
                ["Logging__Console__FormatterName"] = "simple",
                // Not ready while starting is what the test watches; the health check middleware need not log it.
                ["Logging__LogLevel__Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
            });
        return new DistributedPlatform(directory, script, Client(ports[3]), [Client(ports[0]), Client(ports[1])], Client(ports[2]));
    }

    /// <summary>Waits (bounded) until <paramref name="host"/> answers ready, and returns how long after its process started it became ready.</summary>
    public async Task<double> WaitUntilReady(HttpClient host)
    {
        var readyAfter = await Poll(async () => _script.HasExited ? -1 : await ReadyAfter(host), seconds => seconds is not null, ReadyTimeout);
        return readyAfter is { } seconds && seconds >= 0
            ? seconds
            : throw new TimeoutException($"{host.BaseAddress} was not ready within {ReadyTimeout}, or the script ended first:\n{await Describe()}");
    }

    /// <summary>
    /// Reads every <see cref="PollInterval"/> until <paramref name="accept"/> holds, at most <paramref name="timeout"/>;
    /// the accepted value, or default. Slower than <c>Eventually</c>: every readiness probe runs the host's checks, and
    /// the hosts share two cores with the test.
    /// </summary>
    public static async Task<T?> Poll<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!deadline.IsCancellationRequested)
        {
            var value = await read();
            if (accept(value))
                return value;
            await Task.Delay(PollInterval, CancellationToken.None);
        }
        return default;
    }

    /// <summary>Seconds from the host's process start to its first readiness, once <c>/health/ready</c> answers 200; else null.</summary>
    public static async Task<double?> ReadyAfter(HttpClient host)
    {
        try
        {
            using var response = await host.GetAsync("/health/ready");
            if (response.StatusCode != HttpStatusCode.OK)
                return null;
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("readyAfterSeconds").GetDouble();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Sends a signal to the worker host's process, by the process id the script wrote.</summary>
    public async Task SignalWorkers(int signal) =>
        HostProcess.Signal(int.Parse(await File.ReadAllTextAsync(Path.Combine(_directory.Path, "workers.pid")), CultureInfo.InvariantCulture), signal);

    /// <summary>The script's output and the end of every process's log, for a failure message.</summary>
    public async Task<string> Describe()
    {
        var logs = Directory.Exists(Path.Combine(_directory.Path, "logs"))
            ? Directory.GetFiles(Path.Combine(_directory.Path, "logs"), "*.log")
            : [];
        var parts = new List<string> { $"--- script output:\n{_script.Output}\n{_script.Errors}" };
        foreach (var log in logs.Order())
        {
            var text = await File.ReadAllTextAsync(log);
            parts.Add($"--- {Path.GetFileName(log)}:\n{(text.Length <= 4_000 ? text : text[^4_000..])}");
        }
        return string.Join("\n", parts);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Orchestrators.Append(Workers))
            client.Dispose();
        // SIGTERM: the script stops every host gracefully, then the broker.
        if (!_script.HasExited)
            _script.Terminate();
        await _script.WaitForExit();
        await _script.DisposeAsync();
        _directory.Dispose();
    }

    static HttpClient Client(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
