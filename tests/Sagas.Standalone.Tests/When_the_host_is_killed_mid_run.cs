using System.Collections.Concurrent;
using Sagas.Standalone.Tests.Support;
using Sagas.Testing;
using Xunit.Abstractions;

namespace Sagas.Standalone.Tests;

/// <summary>
/// kill -9 of the standalone host while transfers and orders are in flight, then a restart on the same data: the outbox
/// delivers what was committed but not produced, the sagas re-issue the commands the embedded broker's memory lost,
/// and every saga ends with each account and each SKU exactly where the completed transfers and orders put it.
/// </summary>
public class When_the_host_is_killed_mid_run(ITestOutputHelper output)
{
    const int Transfers = 60;
    const int Orders = 30;
    static readonly ParallelOptions Parallelism = new() { MaxDegreeOfParallelism = 4 };

    [Fact]
    public async Task Every_saga_ends_and_money_and_stock_balance_on_sqlite()
    {
        using var data = new TemporaryDirectory();
        await CrashAndRecover(new Dictionary<string, string> { ["Persistence:DataDirectory"] = data.Path });
    }

    [PostgresFact]
    public async Task Every_saga_ends_and_money_and_stock_balance_on_postgres()
    {
        using var data = new TemporaryDirectory();
        await using var database = await PostgresDatabase.Create();
        var settings = database.Settings.ToDictionary(setting => setting.Key, setting => setting.Value!);
        settings["Persistence:DataDirectory"] = data.Path;
        await CrashAndRecover(settings);
    }

    async Task CrashAndRecover(Dictionary<string, string> settings)
    {
        // Longer than a restart takes, so the sagas in flight resume their step rather than all time out at once.
        settings["Transfers:StepTimeout"] = "00:01:00";
        settings["Orders:StepTimeout"] = "00:01:00";
        var workload = CrashWorkload.Draw(Transfers, Orders, seed: 20261127);
        var transfers = new ConcurrentDictionary<Guid, PlannedTransfer>();
        var orders = new ConcurrentDictionary<Guid, PlannedOrder>();
        Dictionary<string, decimal> opening;

        await using (var first = await PlatformProcess.Start(settings))
        {
            var client = first.Client;
            opening = await Open(client);
            await Task.WhenAll(
                Parallel.ForEachAsync(workload.Transfers, Parallelism, async (transfer, _) =>
                    transfers[await client.StartTransfer(transfer.From, transfer.To, transfer.Amount, transfer.Key)] = transfer),
                Parallel.ForEachAsync(workload.Orders, Parallelism, async (order, _) =>
                    orders[await client.StartOrder(order.Customer, order.Merchant, order.Items, order.Key)] = order));

            // Kill while most sagas are still on their way; an order takes five steps, so wait for a few of those too.
            var ended = await first.Eventually(async () => (Transfers: await client.TransferStates(), Orders: await client.OrderStates()),
                ended => Ended(ended.Transfers, PlatformClient.TransferTerminalStates) >= 10 && Ended(ended.Orders, PlatformClient.OrderTerminalStates) >= 3,
                "some transfers and orders ended before the crash", TimeSpan.FromMinutes(2));
            await first.Kill();
            output.WriteLine($"Killed after {Ended(ended.Transfers, PlatformClient.TransferTerminalStates)} of {Transfers} transfers and "
                + $"{Ended(ended.Orders, PlatformClient.OrderTerminalStates)} of {Orders} orders had ended.");
        }

        await using var second = await PlatformProcess.Start(settings);
        var transferStates = await second.Eventually(() => second.Client.TransferStates(),
            states => AllEnded(transfers.Keys, states, PlatformClient.TransferTerminalStates), "every transfer ended after the restart", TimeSpan.FromMinutes(3));
        var orderStates = await second.Eventually(() => second.Client.OrderStates(),
            states => AllEnded(orders.Keys, states, PlatformClient.OrderTerminalStates), "every order ended after the restart", TimeSpan.FromMinutes(3));

        Assert.Equal(Transfers, transfers.Count);
        Assert.Equal(Orders, orders.Count);
        // A credit to the frozen account is refused, so those transfers are compensated (or failed earlier, on funds).
        Assert.All(transfers.Where(transfer => transfer.Value.To == CrashWorkload.Frozen),
            transfer => Assert.Contains(transferStates[transfer.Key], new[] { "Compensated", "Failed" }));
        // Paying the frozen merchant is refused, so those orders give back payment and stock (or never took them).
        Assert.All(orders.Where(order => order.Value.Merchant == CrashWorkload.Frozen), order => Assert.Equal("Cancelled", orderStates[order.Key]));
        Assert.Contains("Compensated", transferStates.Values);
        Assert.Contains("Completed", orderStates.Values);
        Assert.Contains("Rejected", orderStates.Values);

        var completedTransfers = transfers.Where(transfer => transferStates[transfer.Key] == "Completed").Select(transfer => transfer.Value);
        var completedOrders = orders.Where(order => orderStates[order.Key] == "Completed").Select(order => order.Value).ToList();
        var balances = await Balances(second.Client);
        Assert.Equal(CrashWorkload.ExpectedBalances(opening, completedTransfers, completedOrders), balances);
        Assert.Equal(opening.Values.Sum(), balances.Values.Sum());
        Assert.All(balances.Values, balance => Assert.True(balance >= 0));
        Assert.Equal(CrashWorkload.ExpectedStock(completedOrders), await Stock(second.Client));
    }

    static async Task<Dictionary<string, decimal>> Open(HttpClient client)
    {
        foreach (var customer in CrashWorkload.Customers)
            await client.OpenAccount(customer, 1_000m);
        await client.OpenAccount(CrashWorkload.Shop, 0m);
        await client.OpenAccount(CrashWorkload.Frozen, 0m);
        await client.Freeze(CrashWorkload.Frozen);
        foreach (var (sku, available) in CrashWorkload.OpeningStock)
            await client.SetStock(sku, available);
        return await Balances(client);
    }

    static int Ended(Dictionary<Guid, string> states, HashSet<string> terminal) => states.Values.Count(terminal.Contains);

    static bool AllEnded(IEnumerable<Guid> ids, Dictionary<Guid, string> states, HashSet<string> terminal) =>
        ids.All(id => states.TryGetValue(id, out var state) && terminal.Contains(state));

    static async Task<Dictionary<string, decimal>> Balances(HttpClient client)
    {
        var balances = new Dictionary<string, decimal>();
        foreach (var account in CrashWorkload.Accounts)
            balances[account] = await client.Balance(account);
        return balances;
    }

    static async Task<Dictionary<string, (int Available, int Reserved, int Sold)>> Stock(HttpClient client)
    {
        var stock = new Dictionary<string, (int Available, int Reserved, int Sold)>();
        foreach (var sku in CrashWorkload.OpeningStock.Keys)
            stock[sku] = await client.Stock(sku);
        return stock;
    }
}
