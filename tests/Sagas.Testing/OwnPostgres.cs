using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Sagas.Testing;

/// <summary>
/// A PostgreSQL server of a test's own, made with initdb in a temporary directory on a free port, that the test may stop
/// and start as an outage would: never the shared server named by <c>SAGAS_TEST_POSTGRES</c>, which others depend on.
/// Uses the server binaries of <c>SAGAS_TEST_POSTGRES_BIN</c> (default the Debian path of PostgreSQL 15); as root, runs
/// them as the <c>postgres</c> user, since initdb refuses root.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    public const string BinVariable = "SAGAS_TEST_POSTGRES_BIN";
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    readonly string _bin = Environment.GetEnvironmentVariable(BinVariable) ?? "/usr/lib/postgresql/15/bin";
    readonly string _root = Path.Combine(Path.GetTempPath(), $"sagas-pg-{Guid.NewGuid():N}");
    readonly int _port = FreePort();

    OwnPostgres()
    {
    }

    string DataDirectory => Path.Combine(_root, "data");

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = "postgres",
        Database = "sagas",
    }.ConnectionString;

    /// <summary>Creates the cluster, starts it and creates the <c>sagas</c> database.</summary>
    public static async Task<OwnPostgres> Start()
    {
        var server = new OwnPostgres();
        Directory.CreateDirectory(server._root);
        if (IsRoot)
            await Execute("chown", ["-R", "postgres", server._root]);
        await server.Run("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
        await server.StartServer();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE sagas", connection);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary>Stops the server as <c>pg_ctl stop -m fast</c> does: sessions are ended, in-flight transactions roll back.</summary>
    public Task Stop() => Run("pg_ctl", ["-D", DataDirectory, "stop", "-m", "fast", "-w"]);

    /// <summary>Starts the server again on the same port and data; returns once it accepts connections.</summary>
    public Task StartServer() =>
        Run("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-o",
            $"-p {_port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"]);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await Run("pg_ctl", ["-D", DataDirectory, "stop", "-m", "immediate", "-w"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_root, recursive: true);
    }

    Task Run(string program, string[] arguments) => IsRoot
        ? Execute("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
        : Execute(Path.Combine(_bin, program), arguments);

    static bool IsRoot => Environment.UserName == "root";

    static async Task Execute(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
