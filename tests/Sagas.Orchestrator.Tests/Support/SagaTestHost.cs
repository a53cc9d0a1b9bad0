using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sagas.Messaging;
using Sagas.Orchestrator.Hosting;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Sagas;
using Sagas.Orchestrator.Transfers;
using Sagas.Persistence;
using Sagas.Testing;
using Sagas.Workers;
using Sagas.Workers.Inventory;
using Sagas.Workers.Ledger;

namespace Sagas.Orchestrator.Tests.Support;

/// <summary>
/// Both sagas and all six workers on MassTransit's in-memory test harness, with every service's data in SQLite files
/// of its own or in a fresh PostgreSQL database, and <see cref="MessageFaults"/> between them.
/// </summary>
public sealed class SagaTestHost : IAsyncDisposable
{
    /// <summary>Short enough that timeout scenarios finish quickly, long enough that no healthy step hits it.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(1.5);

    readonly IHost _host;
    readonly TemporaryDirectory _data;
    readonly PostgresDatabase? _database;

    SagaTestHost(IHost host, TemporaryDirectory data, PostgresDatabase? database, MessageFaults faults)
    {
        _host = host;
        _data = data;
        _database = database;
        Faults = faults;
    }

    public MessageFaults Faults { get; }

    public ITestHarness Harness => _host.Services.GetRequiredService<ITestHarness>();

    public static async Task<SagaTestHost> Start(DatabaseProvider provider, Action<MessageFaults>? faults = null)
    {
        var data = new TemporaryDirectory();
        var database = provider == DatabaseProvider.PostgreSql ? await PostgresDatabase.Create() : null;
        var builder = Host.CreateApplicationBuilder();
        if (database is not null)
            builder.Configuration.AddInMemoryCollection(database.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:DataDirectory"] = data.Path,
            ["Transfers:StepTimeout"] = StepTimeout.ToString(),
            ["Orders:StepTimeout"] = StepTimeout.ToString(),
            ["Transfers:MaxCompensationAttempts"] = "3",
            ["Orders:MaxCompensationAttempts"] = "3",
            ["Fraud:MaxAmount"] = "10000",
            ["Fraud:BlockedAccounts:0"] = "blocked",
        });

        var messageFaults = new MessageFaults();
        faults?.Invoke(messageFaults);
        builder.AddOrchestrator();
        builder.Services.AddWorkers(builder.Configuration);
        builder.Services.AddSingleton(messageFaults);
        builder.Services.AddScoped<IMessageDispatcher, FaultyDispatcher>();
        builder.Services.AddKeyedScoped<IMessageDispatcher, FaultyDispatcher>(MessageDispatchers.Orchestrator);
        builder.Services.AddMassTransitTestHarness(bus =>
        {
            bus.AddOrchestratorSagas();
            bus.AddWorkerConsumers(WorkerRoles.All);
        });

        var host = builder.Build();
        await host.StartAsync();
        return new SagaTestHost(host, data, database, messageFaults);
    }

    /// <summary>Runs <paramref name="work"/> with a scoped service, as a request handler would.</summary>
    public async Task<TResult> With<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task OpenAccount(string id, decimal balance, string currency = "USD")
    {
        var result = await With<LedgerService, OpenAccountResult>(ledger => ledger.OpenAccount(id, currency, balance));
        Assert.Equal(OpenAccountStatus.Created, result.Status);
    }

    public async Task<decimal> Balance(string id) =>
        (await With<LedgerService, AccountSnapshot?>(ledger => ledger.GetAccount(id)))!.Balance;

    public Task Freeze(string id) => With<LedgerService, bool>(ledger => ledger.Freeze(id));

    public Task SetStock(string sku, int available) => With<InventoryService, SetStockResult>(inventory => inventory.SetAvailable(sku, available));

    public async Task<StockSnapshot> Stock(string sku) => (await With<InventoryService, StockSnapshot?>(inventory => inventory.Get(sku)))!;

    /// <summary>Sends a message as the API or a worker would.</summary>
    public Task Publish<T>(T message)
        where T : class => Harness.Bus.Publish(message);

    public Task<TransferState> Transfer(Guid id, string state) => Saga<TransferState>(id, state);

    public Task<OrderState> Order(Guid id, string state) => Saga<OrderState>(id, state);

    /// <summary>Waits until the saga is in <paramref name="state"/> and returns it.</summary>
    public async Task<TSaga> Saga<TSaga>(Guid id, string state)
        where TSaga : class, ITrackedSaga
    {
        var saga = await Eventually.Value(() => With<SagaReader<TSaga>, TSaga?>(reader => reader.Find(id)),
            saga => saga?.CurrentState == state, $"{typeof(TSaga).Name} {id} is {state}", TimeSpan.FromSeconds(30));
        return saga!;
    }

    /// <summary>Lets the in-flight messages of a saga settle, so a test can check that nothing more happens.</summary>
    public async Task Settle() => await Harness.InactivityTask;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _data.Dispose();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
