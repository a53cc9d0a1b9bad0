namespace Sagas.Standalone.Tests.Support;

/// <summary>A transfer the crash test asks for; a completed one moves <see cref="Amount"/> from one account to the other.</summary>
public sealed record PlannedTransfer(string Key, string From, string To, decimal Amount);

/// <summary>One line of an order the crash test places.</summary>
public sealed record OrderItem(string Sku, int Quantity, decimal UnitPrice);

/// <summary>An order the crash test places; a completed one moves <see cref="Total"/> from the customer to the merchant.</summary>
public sealed record PlannedOrder(string Key, string Customer, string Merchant, IReadOnlyList<OrderItem> Items)
{
    public decimal Total => Items.Sum(item => item.Quantity * item.UnitPrice);
}

/// <summary>
/// The accounts, stock, transfers and orders of the crash test, drawn from a fixed seed, and what balances and stock
/// must read once every saga has ended: a completed saga leaves its money moves and sold items behind, any other
/// saga was undone or never took anything.
/// </summary>
public sealed class CrashWorkload
{
    public const string Frozen = "frozen";
    public const string Shop = "shop";
    public const string Scarce = "scarce";
    const int ScarcePerOrder = 3;

    public static readonly string[] Customers = ["ann", "ben", "cat", "dan", "eve"];

    /// <summary>Only one order at a time can hold the scarce SKU, so the others competing for it are refused.</summary>
    public static readonly IReadOnlyDictionary<string, int> OpeningStock =
        new Dictionary<string, int> { ["widget"] = 1_000, ["gadget"] = 1_000, [Scarce] = 4 };

    static readonly string[] Plentiful = ["widget", "gadget"];

    CrashWorkload(IReadOnlyList<PlannedTransfer> transfers, IReadOnlyList<PlannedOrder> orders) =>
        (Transfers, Orders) = (transfers, orders);

    public static IEnumerable<string> Accounts => [.. Customers, Shop, Frozen];

    public IReadOnlyList<PlannedTransfer> Transfers { get; }

    public IReadOnlyList<PlannedOrder> Orders { get; }

    /// <summary>
    /// Every tenth transfer goes to the frozen account (its credit is refused, so it is compensated); every tenth
    /// order pays the frozen merchant (refused after the customer paid and the order shipped, so it unwinds all the
    /// way) and every fifth competes for the scarce SKU.
    /// </summary>
    public static CrashWorkload Draw(int transfers, int orders, int seed)
    {
        var random = new Random(seed);
        var plannedTransfers = Enumerable.Range(0, transfers).Select(i =>
        {
            var from = Customers[random.Next(Customers.Length)];
            var to = i % 10 == 5 ? Frozen : Customers.Where(account => account != from).ElementAt(random.Next(Customers.Length - 1));
            return new PlannedTransfer($"crash-transfer-{i}", from, to, 1m + random.Next(1, 400));
        }).ToList();
        var plannedOrders = Enumerable.Range(0, orders).Select(i => new PlannedOrder($"crash-order-{i}",
            Customers[random.Next(Customers.Length)],
            i % 10 == 3 ? Frozen : Shop,
            i % 5 == 2
                ? [new OrderItem(Scarce, ScarcePerOrder, 1m + random.Next(1, 40))]
                : [.. Plentiful.Take(random.Next(1, Plentiful.Length + 1))
                    .Select(sku => new OrderItem(sku, random.Next(1, 4), 1m + random.Next(1, 40)))])).ToList();
        return new CrashWorkload(plannedTransfers, plannedOrders);
    }

    /// <summary>Each account's opening balance plus or minus what the completed transfers and orders moved.</summary>
    public static Dictionary<string, decimal> ExpectedBalances(IReadOnlyDictionary<string, decimal> opening,
        IEnumerable<PlannedTransfer> completedTransfers, IEnumerable<PlannedOrder> completedOrders)
    {
        var expected = new Dictionary<string, decimal>(opening);
        foreach (var transfer in completedTransfers)
        {
            expected[transfer.From] -= transfer.Amount;
            expected[transfer.To] += transfer.Amount;
        }
        foreach (var order in completedOrders)
        {
            expected[order.Customer] -= order.Total;
            expected[order.Merchant] += order.Total;
        }
        return expected;
    }

    /// <summary>
    /// Each SKU's available, reserved and sold stock once every order ended: a completed order's items are sold, every
    /// other order's items are back on the shelf, and nothing is left reserved.
    /// </summary>
    public static Dictionary<string, (int Available, int Reserved, int Sold)> ExpectedStock(IEnumerable<PlannedOrder> completedOrders)
    {
        var sold = completedOrders.SelectMany(order => order.Items)
            .GroupBy(item => item.Sku).ToDictionary(sku => sku.Key, sku => sku.Sum(item => item.Quantity));
        return OpeningStock.ToDictionary(stock => stock.Key,
            stock => (stock.Value - sold.GetValueOrDefault(stock.Key), 0, sold.GetValueOrDefault(stock.Key)));
    }
}
