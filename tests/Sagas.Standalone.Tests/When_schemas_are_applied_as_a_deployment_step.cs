using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

public class When_schemas_are_applied_as_a_deployment_step
{
    [Fact]
    public async Task The_migrate_command_creates_every_service_schema_and_exits()
    {
        using var data = new TemporaryDirectory();

        var (exitCode, output) = await Run("migrate", data.Path);

        Assert.Equal(0, exitCode);
        foreach (var service in new[] { "orchestrator", "ledger", "inventory", "shipping", "notify" })
        {
            Assert.Contains($"{service}: schema version 0 -> 1", output, StringComparison.Ordinal);
            Assert.Equal(1L, await LatestVersion(Path.Combine(data.Path, $"{service}.db")));
        }

        var (againExitCode, again) = await Run("migrate", data.Path);
        Assert.Equal(0, againExitCode);
        Assert.Contains("orchestrator: schema version 1 -> 1", again, StringComparison.Ordinal);
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
