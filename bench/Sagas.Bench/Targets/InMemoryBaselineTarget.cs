using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagas.Bench.Invariants;
using Sagas.Bench.Workload;
using Sagas.Contracts.Orders;
using Sagas.Contracts.Transfers;
using Sagas.Hosting.Services;
using Sagas.Hosting.Workers;
using Sagas.Inventory;
using Sagas.Ledger;
using Sagas.Messaging;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Sagas;
using Sagas.Orchestrator.Transfers;
using Sagas.Standalone;

namespace Sagas.Bench.Targets;

/// <summary>
/// The framework's ceiling: the same two state machines and the same six workers (their databases on SQLite files, as
/// in the standalone platform), but on MassTransit's in-memory transport, in-memory saga repository and delayed
/// in-memory scheduler, in this process, with no HTTP and no Kafka. Sagas are started by publishing the message
/// the API would receive; terminal states are noted by a state observer.
/// </summary>
public sealed class InMemoryBaselineTarget : ISagaTarget
{
    readonly IHost _host;
    readonly string _dataDirectory;
    readonly ConcurrentDictionary<Guid, TerminalRecord> _terminal = new();
    long _terminalBeforeStart;

    InMemoryBaselineTarget(IHost host, string dataDirectory)
    {
        _host = host;
        _dataDirectory = dataDirectory;
    }

    public TargetDescription Description { get; } =
        new("in-memory ceiling", "in-memory saga repository; workers on SQLite files", "MassTransit in-memory transport", "in-process publish");

    public static async Task<InMemoryBaselineTarget> Start(BenchOptions options, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sagas-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Sqlite",
            ["Persistence:DataDirectory"] = dataDirectory,
            ["Transfers:StepTimeout"] = options.StepTimeout.ToString(),
            ["Orders:StepTimeout"] = options.StepTimeout.ToString(),
            ["Fraud:MaxAmount"] = "10000",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Error);

        var workers = new ServiceSet(StandalonePlatform.Services.OfType<WorkerService>(), WorkerRoles.All);
        var services = builder.Services;
        services.AddOptions<TransferOptions>().BindConfiguration(TransferOptions.Section);
        services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.Section);
        workers.AddServices(services, builder.Configuration);
        services.AddMassTransit(bus =>
        {
            bus.AddDelayedMessageScheduler();
            bus.AddSagaStateMachine<TransferStateMachine, TransferState, SagaEndpointDefinition<TransferState>>().InMemoryRepository();
            bus.AddSagaStateMachine<OrderStateMachine, OrderState, SagaEndpointDefinition<OrderState>>().InMemoryRepository();
            workers.AddConsumers(bus);
            bus.UsingInMemory((context, transport) =>
            {
                transport.UseDelayedMessageScheduler();
                transport.ConfigureEndpoints(context);
            });
        });

        var host = builder.Build();
        var target = new InMemoryBaselineTarget(host, dataDirectory);
        host.Services.GetRequiredService<TransferStateMachine>()
            .ConnectStateObserver(new TerminalStateRecorder<TransferState>(TransferStateMachine.TerminalStates, target._terminal));
        host.Services.GetRequiredService<OrderStateMachine>()
            .ConnectStateObserver(new TerminalStateRecorder<OrderState>(OrderStateMachine.TerminalStates, target._terminal));
        await host.StartAsync(cancellationToken);
        return target;
    }

    public async Task OpenAccount(string accountId, decimal openingBalance, CancellationToken cancellationToken)
    {
        var result = await With<LedgerService, OpenAccountResult>(ledger => ledger.OpenAccount(accountId, WorkloadPlan.Currency, openingBalance,
            cancellationToken));
        if (result.Status != OpenAccountStatus.Created)
            throw new InvalidOperationException($"Could not open account {accountId}: {result.Status} {result.Error}");
    }

    public Task Freeze(string accountId, CancellationToken cancellationToken) =>
        With<LedgerService, bool>(ledger => ledger.Freeze(accountId, cancellationToken));

    public async Task SetStock(string sku, int available, CancellationToken cancellationToken)
    {
        var result = await With<InventoryService, SetStockResult>(inventory => inventory.SetAvailable(sku, available, cancellationToken));
        if (result.Stock is null)
            throw new InvalidOperationException($"Could not stock {sku}: {result.Error}");
    }

    public async Task<decimal> Balance(string accountId, CancellationToken cancellationToken) =>
        (await With<LedgerService, AccountSnapshot?>(ledger => ledger.GetAccount(accountId, cancellationToken)))?.Balance
        ?? throw new InvalidOperationException($"No account {accountId}.");

    /// <summary>Counts from here on: a warm-up run before this one already ended sagas on this target.</summary>
    public Task MarkStart(CancellationToken cancellationToken)
    {
        _terminalBeforeStart = _terminal.Count;
        return Task.CompletedTask;
    }

    public async Task<Guid> Start(PlannedSaga saga, string runTag, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var payment = saga.Payment;
        var bus = _host.Services.GetRequiredService<IBus>();
        if (saga.Kind == SagaKind.Transfer)
        {
            await bus.Publish(new TransferRequested(id, payment.Payer, payment.Payee, payment.Amount, WorkloadPlan.Currency), cancellationToken);
        }
        else
        {
            await bus.Publish(new OrderSubmitted
            {
                CorrelationId = id,
                CustomerAccountId = payment.Payer,
                MerchantAccountId = payment.Payee,
                Currency = WorkloadPlan.Currency,
                Items = [new OrderLine(saga.Sku!, 1, payment.Amount)],
                ShipToCountry = WorkloadPlan.ShipToCountry,
            }, cancellationToken);
        }

        return id;
    }

    public Task<long> CountTerminal(CancellationToken cancellationToken) => Task.FromResult((long)_terminal.Count - _terminalBeforeStart);

    public Task<IReadOnlyDictionary<Guid, SagaOutcome>> Outcomes(IReadOnlyCollection<(SagaKind Kind, Guid Id)> sagas,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<Guid, SagaOutcome>>(sagas
            .Where(saga => _terminal.ContainsKey(saga.Id))
            .ToDictionary(saga => saga.Id, saga => new SagaOutcome(_terminal[saga.Id].State, _terminal[saga.Id].At)));

    public Task<IReadOnlyList<SagaStep>?> History(SagaKind kind, Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_terminal.TryGetValue(id, out var record) ? record.History : null);

    public async Task<IReadOnlyList<JournalLine>?> Journal(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken) =>
        await new LedgerJournalReader(_host.Services).Read(accounts, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite connection may still hold a file; the OS temp cleaner takes what is left.
        }
    }

    async Task<TResult> With<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
