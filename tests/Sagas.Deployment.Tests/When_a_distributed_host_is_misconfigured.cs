using Sagas.Hosting;
using Sagas.Orchestrator.Host;
using Sagas.Testing;
using Sagas.Workers.Host;

namespace Sagas.Deployment.Tests;

/// <summary>The hosts run as processes and refuse bad configuration at once: exit code 2 and one line on stderr naming the setting.</summary>
public class When_a_distributed_host_is_misconfigured
{
    static readonly Dictionary<string, string> Valid = new()
    {
        ["Kafka__BootstrapServers"] = "127.0.0.1:9",
        ["Persistence__Provider"] = "PostgreSql",
        ["Persistence__ConnectionString"] = "Host=127.0.0.1;Port=9;Database=unused",
        ["Host__ShutdownTimeout"] = "00:00:45",
        ["Urls"] = "http://127.0.0.1:0",
    };

    [Fact]
    public async Task A_worker_without_a_kafka_cluster_names_the_bootstrap_setting() =>
        await AssertRefused(typeof(WorkersHost), new() { ["Kafka__BootstrapServers"] = "" },
            "sagas-workers: configuration error: Kafka:BootstrapServers is empty");

    [Fact]
    public async Task An_orchestrator_without_a_kafka_cluster_names_the_bootstrap_setting() =>
        await AssertRefused(typeof(OrchestratorHost), new() { ["Kafka__BootstrapServers"] = "" },
            "sagas-orchestrator: configuration error: Kafka:BootstrapServers is empty");

    [Fact]
    public async Task A_database_server_without_any_connection_string_is_refused() =>
        await AssertRefused(typeof(OrchestratorHost), new() { ["Persistence__Provider"] = "SqlServer", ["Persistence__ConnectionString"] = "" },
            "sagas-orchestrator: configuration error: Persistence:Provider is SqlServer but there is no connection string for any service");

    [Fact]
    public async Task Services_left_without_a_connection_string_are_named() =>
        await AssertRefused(typeof(WorkersHost), new() { ["Persistence__ConnectionString"] = "", ["ConnectionStrings__ledger"] = "Host=127.0.0.1;Port=9" },
            "sagas-workers: configuration error: Persistence:Provider is PostgreSql but there is no connection string for notify, inventory, shipping");

    [Fact]
    public async Task A_shutdown_shorter_than_the_kafka_drain_is_refused() =>
        await AssertRefused(typeof(WorkersHost), new() { ["Host__ShutdownTimeout"] = "00:00:10" },
            "sagas-workers: configuration error: Host:ShutdownTimeout (00:00:10) must be longer than Kafka:DrainTimeout (00:00:30)");

    [Fact]
    public async Task An_unknown_worker_role_is_named() =>
        await AssertRefused(typeof(WorkersHost), new() { ["Workers__Roles"] = "debit,refunds" },
            "sagas-workers: configuration error: 'refunds' is not a worker role");

    static async Task AssertRefused(Type host, Dictionary<string, string> overrides, string expectedLineStart)
    {
        using var workingDirectory = new TemporaryDirectory();
        var environment = new Dictionary<string, string>(Valid);
        foreach (var (key, value) in overrides)
            environment[key] = value;

        await using var process = HostProcess.Start(host.Assembly, workingDirectory.Path, environment);
        var exitCode = await process.WaitForExit();

        Assert.Equal(HostCommandLine.ConfigurationError, exitCode);
        var line = Assert.Single(process.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expectedLineStart, line, StringComparison.Ordinal);
    }
}
