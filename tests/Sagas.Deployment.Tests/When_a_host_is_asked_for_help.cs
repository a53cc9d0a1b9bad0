using Sagas.Gateway;
using Sagas.Hosting;
using Sagas.Orchestrator.Host;
using Sagas.Testing;
using Sagas.Workers.Host;

namespace Sagas.Deployment.Tests;

/// <summary>
/// The hosts run as processes read their command line before anything starts: <c>--help</c> prints the usage, an unknown
/// verb is named, and configuration given as <c>--Key value</c> still reaches the host.
/// </summary>
public class When_a_host_is_asked_for_help
{
    [Fact]
    public async Task A_service_host_prints_its_usage_and_exits_0()
    {
        var (exitCode, output, errors) = await Run(typeof(OrchestratorHost), "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage: dotnet Sagas.Orchestrator.Host.dll [migrate]", output, StringComparison.Ordinal);
        Assert.Contains("runs the orchestrator service", output, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_gateway_prints_its_usage_and_exits_0()
    {
        var (exitCode, output, _) = await Run(typeof(GatewayProgram), "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Gateway:Services:orchestrator:0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_exits_2_with_one_line_naming_it()
    {
        var (exitCode, _, errors) = await Run(typeof(WorkersHost), "--Urls", "http://127.0.0.1:0", "migrat");

        Assert.Equal(HostCommandLine.ConfigurationError, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sagas-workers: unknown command 'migrat'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_knows_no_verb()
    {
        var (exitCode, _, errors) = await Run(typeof(GatewayProgram), "migrate");

        Assert.Equal(GatewayProgram.ConfigurationError, exitCode);
        Assert.Contains("unknown command 'migrate'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_given_as_key_and_value_arguments_still_reach_the_host()
    {
        var (exitCode, _, errors) = await Run(typeof(WorkersHost), "--Kafka:BootstrapServers", "127.0.0.1:9",
            "--Persistence:Provider", "PostgreSql", "--Persistence:ConnectionString=Host=127.0.0.1;Port=9", "--Workers:Roles", "debit,refunds");

        Assert.Equal(HostCommandLine.ConfigurationError, exitCode);
        Assert.StartsWith("sagas-workers: configuration error: 'refunds' is not a worker role", errors, StringComparison.Ordinal);
    }

    static async Task<(int ExitCode, string Output, string Errors)> Run(Type host, params string[] args)
    {
        using var workingDirectory = new TemporaryDirectory();
        await using var process = HostProcess.Start(host.Assembly, workingDirectory.Path, new Dictionary<string, string>(), args);
        var exitCode = await process.WaitForExit();
        return (exitCode, process.Output, process.Errors);
    }
}
