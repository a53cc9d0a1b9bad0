using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Hosting.Services;
using Sagas.Hosting.Workers;
using Sagas.Inventory;
using Sagas.Kafka;
using Sagas.Ledger;
using Sagas.Messaging;
using Sagas.Orchestrator.Hosting;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Sagas;
using Sagas.Orchestrator.Transfers;
using Sagas.Persistence;
using Sagas.Standalone;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.Support;

/// <summary>
/// Both sagas and all six workers on MassTransit's in-memory test harness, with every service's data in SQLite files
/// of its own or in a fresh PostgreSQL database, and <see cref="MessageFaults"/> on every endpoint.
/// </summary>
/// <remarks>
/// Addressed as on Kafka: a saga sends a command to <c>topic:&lt;worker topic&gt;</c>, which on the in-memory transport
/// is the exchange of the worker's endpoint (named after its topic by <c>WorkerConsumerDefinition</c>); each saga type
/// has an endpoint named after its own topic, so <c>topic:transfer.events</c> reaches the transfer sagas. A command sent
/// here carries no response address, so a worker's <c>RespondAsync</c> publishes its reply, which reaches both saga
/// endpoints. On Kafka the transactional outbox holds what a transition sends until its transaction commits; here
/// MassTransit's in-memory outbox does, inside the endpoint's retry, so a reply never races the commit of the saga row
/// it answers. Timeouts use the transport's delayed delivery.
/// </remarks>
public sealed class SagaTestHost : IAsyncDisposable
{
    /// <summary>Short enough that timeout scenarios finish quickly, long enough that no healthy step hits it.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(1.5);

    static readonly TimeSpan HandledTimeout = TimeSpan.FromSeconds(20);

    // The harness's Select blocks until its timeout for more matches unless the token is already cancelled.
    static readonly CancellationToken AlreadyCancelled = new(canceled: true);

    readonly IHost _host;
    readonly TemporaryDirectory _data;
    readonly PostgresDatabase? _database;

    SagaTestHost(IHost host, TemporaryDirectory data, PostgresDatabase? database)
    {
        _host = host;
        _data = data;
        _database = database;
    }

    public MessageFaults Faults => _host.Services.GetRequiredService<MessageFaults>();

    public ITestHarness Harness => _host.Services.GetRequiredService<ITestHarness>();

    public TopicOptions Topics => _host.Services.GetRequiredService<IOptions<TopicOptions>>().Value;

    /// <summary>Where the transfer sagas' messages go.</summary>
    public Uri TransferSagas => TopicAddress.For(Topics.Transfers);

    /// <summary>Where the order sagas' messages go.</summary>
    public Uri OrderSagas => TopicAddress.For(Topics.Orders);

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
            // Resuming sends through the transactional outbox, which belongs to the Kafka endpoints; every saga here is new.
            ["Recovery:ResumeOnStartup"] = "false",
        });

        var messageFaults = new MessageFaults();
        faults?.Invoke(messageFaults);
        var workers = new ServiceSet(StandalonePlatform.Services.OfType<WorkerService>(), WorkerRoles.All);
        builder.Services.AddOrchestrator();
        workers.AddServices(builder.Services, builder.Configuration);
        builder.Services.AddOptions<TopicOptions>().BindConfiguration(TopicOptions.Section);
        builder.Services.AddSingleton(messageFaults);
        builder.Services.AddSingleton<ReceiveLog>();
        builder.Services.AddMassTransitTestHarness(bus =>
        {
            bus.AddOrchestratorSagas();
            workers.AddConsumers(bus);
            bus.UsingInMemory((context, cfg) =>
            {
                cfg.UseDelayedMessageScheduler();
                cfg.UseFilter(new MessageLossFilter(context.GetRequiredService<MessageFaults>()));
                cfg.ConnectReceiveObserver(context.GetRequiredService<ReceiveLog>());

                var topics = context.GetRequiredService<IOptions<TopicOptions>>().Value;
                cfg.ReceiveEndpoint(topics.Transfers, endpoint =>
                {
                    endpoint.ConfigureSaga<TransferState>(context);
                    endpoint.UseInMemoryOutbox(context);
                });
                cfg.ReceiveEndpoint(topics.Orders, endpoint =>
                {
                    endpoint.ConfigureSaga<OrderState>(context);
                    endpoint.UseInMemoryOutbox(context);
                });
                cfg.ConfigureEndpoints(context);
            });
        });

        var host = builder.Build();
        await host.StartAsync();
        return new SagaTestHost(host, data, database);
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

    /// <summary>Sends a message to <paramref name="address"/> (a saga type's or a worker's topic), as the API or a saga would.</summary>
    public async Task Send<T>(Uri address, T message)
        where T : class => await SendMarked(address, message, NewId.NextGuid());

    /// <summary>
    /// Sends a message to <paramref name="address"/> and waits until the endpoint there has finished with it: its
    /// consumer or saga has committed whatever the message did, so a test can then check what changed, or that nothing did.
    /// </summary>
    public async Task SendAndWait<T>(Uri address, T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await SendMarked(address, message, messageId);
        await _host.Services.GetRequiredService<ReceiveLog>().Handled(messageId, HandledTimeout);
    }

    /// <summary>Delivers the commands of type T that were lost, late, to their worker, and waits until it has handled them.</summary>
    public async Task DeliverLostCommands<T>()
        where T : class
    {
        var lost = Faults.Lost<T>();
        Assert.NotEmpty(lost);
        foreach (var command in lost)
            await SendAndWait(Topics.AddressOf<T>(), command);
    }

    /// <summary>Whether a message of type T for the saga was sent so far: a saga's command, or a message the test sent.</summary>
    public bool Sent<T>(Guid sagaId)
        where T : class =>
        Harness.Sent.Select<T>(AlreadyCancelled).Any(message => RecordKey.Of(message.Context.Message) == sagaId);

    /// <summary>Whether a worker has answered the saga with a reply of type T so far (published: the command had no response address).</summary>
    public bool Answered<T>(Guid sagaId)
        where T : class =>
        Harness.Published.Select<T>(AlreadyCancelled).Any(message => RecordKey.Of(message.Context.Message) == sagaId);

    /// <summary>The messages of type T for the saga sent so far, with where each went.</summary>
    public IReadOnlyList<(T Message, Uri? Destination)> SentSoFar<T>(Guid sagaId)
        where T : class =>
        [.. Harness.Sent.Select<T>(AlreadyCancelled).Where(sent => RecordKey.Of(sent.Context.Message) == sagaId)
            .Select(sent => (sent.Context.Message, sent.Context.DestinationAddress))];

    public Task<TransferState> Transfer(Guid id, string state) => Saga<TransferState>(id, state);

    public Task<OrderState> Order(Guid id, string state) => Saga<OrderState>(id, state);

    /// <summary>Waits until the saga is in <paramref name="state"/> and returns it.</summary>
    public async Task<TSaga> Saga<TSaga>(Guid id, string state)
        where TSaga : class, ITrackedSaga
    {
        TSaga? saga = null;
        try
        {
            await Eventually.Until(async () => (saga = await With<SagaReader<TSaga>, TSaga?>(reader => reader.Find(id)))?.CurrentState == state,
                $"{typeof(TSaga).Name} {id} is {state}", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException timedOut)
        {
            var seen = saga is null ? "no saga" : string.Join(" -> ", saga.History.Select(step => $"{step.To} ({step.Event})"));
            throw new TimeoutException($"{timedOut.Message} Last seen: {seen}", timedOut);
        }
        return saga!;
    }

    async Task SendMarked<T>(Uri address, T message, Guid messageId)
        where T : class
    {
        Faults.SentByTest(messageId);
        var endpoint = await Harness.Bus.GetSendEndpoint(address);
        await endpoint.Send(message, context => context.MessageId = messageId);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _data.Dispose();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
