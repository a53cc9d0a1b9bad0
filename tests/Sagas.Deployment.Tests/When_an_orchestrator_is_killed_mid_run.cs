using System.Net;
using System.Net.Sockets;
using Npgsql;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Orchestrator.Host;
using Sagas.Testing;
using Sagas.Workers.Host;

namespace Sagas.Deployment.Tests;

/// <summary>
/// Scale-out and failover: two orchestrator processes share the event topic's partitions, the workers run in a third,
/// all on one embedded broker (tools/Sagas.EmbeddedKafka) and one PostgreSQL database. Transfers go to both
/// orchestrators; one is killed with SIGKILL mid-run and the survivor takes over its partitions, its outbox rows (their
/// claims expire) and its timeouts (the Quartz store is clustered). Every transfer still ends once, and no money is
/// created or lost.
/// </summary>
public sealed class When_an_orchestrator_is_killed_mid_run : IAsyncLifetime
{
    // Enough for the kill to land mid-stream with transfers in every step; SAGAS_FAULT_LONG=1 runs the longer version.
    static readonly int TransferCount = LongRuns.Pick(ci: 120, @long: 500);
    static readonly int TerminalBeforeKill = LongRuns.Pick(ci: 30, @long: 100);
    const int Accounts = 10;
    const decimal OpeningBalance = 1000m;
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    readonly TemporaryDirectory _directory = new();
    readonly List<HostProcess> _processes = [];
    readonly List<HttpClient> _clients = [];
    PostgresDatabase? _database;
    HostProcess? _broker;
    string _bootstrapServers = "";

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.Create();

        // The embedded broker has no CreateTopics handler: the tool creates every topic, the hosts provision none.
        var topics = new TopicOptions().All().ToList();
        var deadLetterSuffix = new KafkaOptions().DeadLetterSuffix;
        var bootstrapFile = Path.Combine(_directory.Path, "kafka.txt");
        _broker = HostProcess.Start(typeof(Sagas.EmbeddedKafka.EmbeddedKafkaHostOptions).Assembly, _directory.Path, new Dictionary<string, string>(),
            "--topics", string.Join(',', topics.Concat(topics.Select(topic => topic + deadLetterSuffix))), "--bootstrap-file", bootstrapFile);
        await Eventually.Until(() => Task.FromResult(File.Exists(bootstrapFile)), "the embedded broker wrote its address", StartTimeout);
        _bootstrapServers = await File.ReadAllTextAsync(bootstrapFile);
    }

    [PostgresFact]
    public async Task Every_transfer_ends_once_and_the_survivor_keeps_the_books_balanced()
    {
        foreach (var host in new[] { typeof(OrchestratorHost), typeof(WorkersHost) })
            await using (var migrate = HostProcess.Start(host.Assembly, _directory.Path, Settings(port: 0), "migrate"))
                Assert.True(await migrate.WaitForExit() == 0, $"migrate failed:\n{migrate.Output}\n{migrate.Errors}");

        // One at a time: the first orchestrator creates Quartz's tables, which the second then finds.
        var (_, survivorClient) = await StartHost(typeof(OrchestratorHost));
        var workersStarting = StartHost(typeof(WorkersHost));
        var (victim, victimClient) = await StartHost(typeof(OrchestratorHost));
        // The worker host runs the ledger, which serves the accounts.
        var (_, ledgerClient) = await workersStarting;

        var accounts = Enumerable.Range(0, Accounts).Select(index => $"account-{index}").ToArray();
        foreach (var account in accounts)
            await ledgerClient.OpenAccount(account, OpeningBalance);
        var transfers = Enumerable.Range(0, TransferCount)
            .Select(index => new Transfer($"transfer-{index}", accounts[index % Accounts], accounts[(index + 1 + index / Accounts % (Accounts - 1)) % Accounts],
                1 + index % 25))
            .ToArray();

        var victimKilled = false;
        var killing = Task.Run(async () =>
        {
            await WaitFor(survivorClient, listed => listed.Count(transfer => OrchestratorApi.TransferTerminalStates.Contains(transfer.State)) >= TerminalBeforeKill,
                $"{TerminalBeforeKill} transfers are terminal", TimeSpan.FromMinutes(3), DescribeHosts);
            Volatile.Write(ref victimKilled, true);
            await victim.Kill();
        });

        var ids = new Guid[TransferCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, TransferCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, _) =>
        {
            var transfer = transfers[index];
            // Even ones go to the survivor, odd ones to the victim while it lives. A request the victim dies during is
            // sent to the survivor under the same key: it either finds the transfer the victim committed or starts it.
            if (index % 2 == 1 && !Volatile.Read(ref victimKilled))
            {
                try
                {
                    ids[index] = await transfer.Start(victimClient);
                    return;
                }
                catch (Exception exception) when (Volatile.Read(ref victimKilled) && exception is HttpRequestException or TaskCanceledException)
                {
                }
            }
            ids[index] = await transfer.Start(survivorClient);
        });
        await killing;

        var listed = await WaitFor(survivorClient, listed => ids.All(id => listed.Any(transfer => transfer.Id == id
                && OrchestratorApi.TransferTerminalStates.Contains(transfer.State))),
            "every transfer is terminal on the survivor", TimeSpan.FromMinutes(3), DescribeHosts);

        Assert.Equal(TransferCount, ids.Distinct().Count());
        Assert.Equal(ids.Order(), listed.Select(transfer => transfer.Id).Order());
        var states = listed.ToDictionary(transfer => transfer.Id, transfer => transfer.State);
        var expected = accounts.ToDictionary(account => account, _ => OpeningBalance);
        foreach (var (transfer, _) in transfers.Zip(ids).Where(pair => states[pair.Second] == "Completed"))
        {
            expected[transfer.From] -= transfer.Amount;
            expected[transfer.To] += transfer.Amount;
        }
        var balances = new Dictionary<string, decimal>();
        foreach (var account in accounts)
            balances[account] = await ledgerClient.Balance(account);

        Assert.Equal(expected.OrderBy(account => account.Key), balances.OrderBy(account => account.Key));
        Assert.Equal(Accounts * OpeningBalance, balances.Values.Sum());
        Assert.All(balances.Values, balance => Assert.True(balance >= 0, $"A balance went negative: {balance}"));
    }

    async Task<(HostProcess Process, HttpClient Client)> StartHost(Type program)
    {
        var port = FreePort();
        var process = HostProcess.Start(program.Assembly, _directory.Path, Settings(port));
        lock (_processes)
            _processes.Add(process);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        lock (_clients)
            _clients.Add(client);
        try
        {
            await Eventually.Until(client.IsReady, $"{program.Name} on port {port} is ready", StartTimeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}\n{process.Output}\n{process.Errors}", exception);
        }
        return (process, client);
    }

    Dictionary<string, string> Settings(int port) => new()
    {
        ["Urls"] = $"http://127.0.0.1:{port}",
        ["Kafka__BootstrapServers"] = _bootstrapServers,
        ["Kafka__ProvisionTopics"] = "false",
        ["Kafka__FetchWaitMaxMs"] = "10",
        ["Kafka__ProduceMaxInFlight"] = "1",
        ["Persistence__Provider"] = "PostgreSql",
        // Four processes share a server whose max_connections (100 by default) other test runs use too: each process
        // gets a few connections and waits for one rather than being refused by the server.
        ["Persistence__ConnectionString"] = new NpgsqlConnectionStringBuilder(_database!.ConnectionString) { MaxPoolSize = 10, Timeout = 60 }.ConnectionString,
        ["Kafka__ConcurrencyLimit"] = "8",
        ["Persistence__ApplySchemaOnStartup"] = "false",
        // Long enough for a step on a loaded machine, short enough that a saga whose command the victim never sent is
        // rescued by its timeout within the test.
        ["Transfers__StepTimeout"] = "00:00:20",
        // The victim's claims on outbox rows must expire soon for the survivor's relay to produce them.
        ["Outbox__LeaseDuration"] = "00:00:05",
        ["Logging__LogLevel__Default"] = "Warning",
        // Not ready while starting is expected; the test waits for readiness itself.
        ["Logging__LogLevel__Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
    };

    /// <summary>Polls the transfer list (bounded) until <paramref name="accept"/> holds; a timeout names what was waited for.</summary>
    static async Task<IReadOnlyList<(Guid Id, string State)>> WaitFor(HttpClient client, Func<IReadOnlyList<(Guid Id, string State)>, bool> accept,
        string what, TimeSpan timeout, Func<string> describeHosts)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var listed = await client.Transfers();
            if (accept(listed))
                return listed;
            if (deadline.IsCancellationRequested)
            {
                var pending = listed.Where(transfer => !OrchestratorApi.TransferTerminalStates.Contains(transfer.State))
                    .Select(transfer => $"{transfer.Id} {transfer.State}");
                throw new TimeoutException($"Timed out waiting until {what}; {listed.Count} listed, not terminal: {string.Join(", ", pending.Take(20))}"
                    + $"\n{describeHosts()}");
            }
            await Task.Delay(PollInterval, CancellationToken.None);
        }
    }

    /// <summary>What every host wrote (the end of it), for a failure message.</summary>
    string DescribeHosts()
    {
        lock (_processes)
            return string.Join("\n", _processes.Select((process, index) => $"--- host {index} errors:\n{Tail(process.Errors)}\n--- host {index} output:\n{Tail(process.Output)}"));
    }

    static string Tail(string text) => text.Length <= 6_000 ? text : text[^6_000..];

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
            client.Dispose();
        foreach (var process in _processes)
            await process.DisposeAsync();
        if (_broker is not null)
        {
            _broker.Terminate();
            await _broker.WaitForExit();
            await _broker.DisposeAsync();
        }
        if (_database is not null)
            await _database.DisposeAsync();
        _directory.Dispose();
    }

    sealed record Transfer(string Key, string From, string To, decimal Amount)
    {
        public Task<Guid> Start(HttpClient client) => client.StartTransfer(From, To, Amount, Key);
    }
}
