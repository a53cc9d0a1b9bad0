using Sagas.Contracts.Inventory;
using Sagas.Contracts.Ledger;
using Sagas.Inventory;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Concurrency;

/// <summary>
/// The races that SQLite's single writer hides: on PostgreSQL (READ COMMITTED, row locks) when SAGAS_TEST_POSTGRES
/// is set, which CI does; on SQLite otherwise.
/// </summary>
public sealed class When_commands_race_on_a_server_database
{
    [Fact]
    public async Task Debits_of_one_account_never_overdraw_it_or_lose_an_update()
    {
        await using var host = await WorkerHost.Start(onPostgresIfConfigured: true);
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 100m);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => host.With<Debits, LedgerOperation>(debits =>
            debits.Debit(new DebitAccount(Guid.NewGuid(), i % 3 == 0 ? "bob" : "alice", 10m, "USD"), CancellationToken.None))));

        Assert.Equal(20, outcomes.Count(o => o.State == OperationState.Applied));
        Assert.Equal(0m, await host.Balance("alice"));
        Assert.Equal(0m, await host.Balance("bob"));
        Assert.Equal(200m, (await host.Totals()).InClearing);
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task One_command_delivered_many_times_at_once_applies_once()
    {
        await using var host = await WorkerHost.Start(onPostgresIfConfigured: true);
        await host.OpenAccount("alice", 100m);
        var debit = new DebitAccount(Guid.NewGuid(), "alice", 30m, "USD");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            host.With<Debits, LedgerOperation>(debits => debits.Debit(debit, CancellationToken.None))));
        var refunds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            host.With<Debits, LedgerOperation>(debits => debits.Refund(debit.CorrelationId, CancellationToken.None))));

        Assert.All(outcomes, outcome => Assert.Equal(OperationState.Applied, outcome.State));
        Assert.All(refunds, refund => Assert.Equal(OperationState.Reversed, refund.State));
        Assert.Equal(100m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task A_refund_racing_its_debit_leaves_the_money_where_it_was()
    {
        await using var host = await WorkerHost.Start(onPostgresIfConfigured: true);
        await host.OpenAccount("alice", 1000m);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var sagaId = Guid.NewGuid();
            await Task.WhenAll(
                host.With<Debits, LedgerOperation>(debits => debits.Debit(new DebitAccount(sagaId, "alice", 10m, "USD"), CancellationToken.None)),
                host.With<Debits, LedgerOperation>(debits => debits.Refund(sagaId, CancellationToken.None)));
        }));

        Assert.Equal(1000m, await host.Balance("alice"));
        Assert.Equal(0m, (await host.Totals()).InClearing);
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task Voids_racing_credits_move_each_credit_at_most_once_each_way()
    {
        await using var host = await WorkerHost.Start(onPostgresIfConfigured: true);
        await host.OpenAccount("alice", 1000m);
        await host.OpenAccount("bob", 0m);
        var sagaIds = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
        foreach (var sagaId in sagaIds)
            await host.With<Debits, LedgerOperation>(debits => debits.Debit(new DebitAccount(sagaId, "alice", 10m, "USD"), CancellationToken.None));

        var outcomes = await Task.WhenAll(sagaIds.Select(async sagaId =>
        {
            var credit = new CreditAccount(sagaId, "bob", 10m, "USD");
            var results = await Task.WhenAll(
                host.With<Credits, LedgerOperation>(credits => credits.Credit(credit, CancellationToken.None)),
                host.With<Credits, LedgerOperation>(credits => credits.Void(sagaId, CancellationToken.None)),
                host.With<Credits, LedgerOperation>(credits => credits.Credit(credit, CancellationToken.None)));
            return results[1].State;
        }));

        Assert.All(outcomes, state => Assert.Contains(state, new[] { OperationState.Fenced, OperationState.Reversed }));
        Assert.Equal(0m, await host.Balance("bob"));
        Assert.Equal(100m, (await host.Totals()).InClearing);
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task Reservations_of_overlapping_orders_never_oversell()
    {
        await using var host = await WorkerHost.Start(onPostgresIfConfigured: true);
        await host.With<InventoryService, SetStockResult>(inventory => inventory.SetAvailable("apple", 10));
        await host.With<InventoryService, SetStockResult>(inventory => inventory.SetAvailable("pear", 10));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => host.With<StockReservations, Reservation>(reservations =>
            reservations.Reserve(new ReserveStock(Guid.NewGuid(), i % 2 == 0
                ? [new StockItem("apple", 1), new StockItem("pear", 1)]
                : [new StockItem("pear", 1), new StockItem("apple", 1)]), CancellationToken.None))));

        Assert.Equal(10, outcomes.Count(o => o.State == ReservationState.Reserved));
        Assert.Equal(new StockSnapshot("apple", 0, 10, 0), await host.With<InventoryService, StockSnapshot?>(inventory => inventory.Get("apple")));
        Assert.Equal(new StockSnapshot("pear", 0, 10, 0), await host.With<InventoryService, StockSnapshot?>(inventory => inventory.Get("pear")));
    }

    [Fact]
    public async Task Releases_racing_their_reservations_leave_the_stock_where_it_was()
    {
        await using var host = await WorkerHost.Start(onPostgresIfConfigured: true);
        await host.With<InventoryService, SetStockResult>(inventory => inventory.SetAvailable("apple", 100));

        await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            var reserve = new ReserveStock(Guid.NewGuid(), [new StockItem("apple", 3)]);
            await Task.WhenAll(
                host.With<StockReservations, Reservation>(reservations => reservations.Reserve(reserve, CancellationToken.None)),
                host.With<StockReservations, Reservation>(reservations => reservations.Release(reserve.CorrelationId, CancellationToken.None)),
                host.With<StockReservations, Reservation>(reservations => reservations.Reserve(reserve, CancellationToken.None)));
        }));

        Assert.Equal(new StockSnapshot("apple", 100, 0, 0), await host.With<InventoryService, StockSnapshot?>(inventory => inventory.Get("apple")));
    }
}
