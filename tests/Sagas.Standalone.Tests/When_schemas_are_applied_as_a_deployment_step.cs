using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

public class When_schemas_are_applied_as_a_deployment_step
{
    /// <summary>A new database is created at its service's latest schema version (the orchestrator added inbox, indexes, outbox, its rebuild, the listing index, and the dead-letter tables).</summary>
    static readonly Dictionary<string, long> LatestVersions = new()
    {
        ["orchestrator"] = 9, ["ledger"] = 3, ["inventory"] = 4, ["shipping"] = 1, ["notify"] = 1,
    };

    [Fact]
    public async Task The_migrate_command_creates_every_service_schema_and_exits()
    {
        using var data = new TemporaryDirectory();

        var (exitCode, output) = await Run("migrate", data.Path);

        Assert.Equal(0, exitCode);
        foreach (var (service, version) in LatestVersions)
        {
            Assert.Contains($"{service}: schema version 0 -> {version}", output, StringComparison.Ordinal);
            Assert.Equal(version, await LatestVersion(Path.Combine(data.Path, $"{service}.db")));
        }

        var (againExitCode, again) = await Run("migrate", data.Path);
        Assert.Equal(0, againExitCode);
        Assert.Contains($"orchestrator: schema version {LatestVersions["orchestrator"]} -> {LatestVersions["orchestrator"]}", again,
            StringComparison.Ordinal);
    }

    static async Task<(int ExitCode, string Output)> Run(string verb, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Persistence__DataDirectory"] = dataDirectory, ["Logging__LogLevel__Default"] = "Warning" },
        };
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await errors);
    }

    static async Task<long> LatestVersion(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(Version) FROM __SchemaVersions";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
