using Sagas.Standalone.Tests.Support;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

/// <summary>
/// The timeout paths end to end over Kafka with the persistent timeout store: the credit worker is left out, so the
/// credit step of a transfer and the merchant payment of an order never answer; their step timeouts fence the
/// credit at the ledger and unwind everything, on SQLite and on PostgreSQL.
/// </summary>
public class When_a_worker_never_answers
{
    /// <summary>
    /// The steps before the credit must answer within the step timeout, or the saga takes another path; 8 s leaves room
    /// for a machine busy with other test projects.
    /// </summary>
    static readonly Dictionary<string, string?> WithoutCredit = new()
    {
        ["Workers:Roles"] = "debit,fraud,notify,inventory,shipping",
        ["Transfers:StepTimeout"] = "00:00:08",
        ["Orders:StepTimeout"] = "00:00:08",
    };

    [Fact]
    public Task A_transfer_is_compensated_on_sqlite() => TransferIsCompensated(new StandaloneFactory(WithoutCredit));

    [PostgresFact]
    public async Task A_transfer_is_compensated_on_postgres()
    {
        await using var database = await PostgresDatabase.Create();
        await TransferIsCompensated(new StandaloneFactory(OnPostgres(database)));
    }

    [Fact]
    public Task An_order_is_cancelled_on_sqlite() => OrderIsCancelled(new StandaloneFactory(WithoutCredit));

    [PostgresFact]
    public async Task An_order_is_cancelled_on_postgres()
    {
        await using var database = await PostgresDatabase.Create();
        await OrderIsCancelled(new StandaloneFactory(OnPostgres(database)));
    }

    static async Task TransferIsCompensated(StandaloneFactory platform)
    {
        await using var _ = platform;
        var client = platform.CreateClient();
        await client.OpenAccount("alice", 500m);
        await client.OpenAccount("bob", 50m);

        var id = await client.StartTransfer("alice", "bob", 100m, "left-out-transfer");

        var transfer = await Eventually.Value(() => client.Saga("transfers", id),
            saga => saga?.GetProperty("state").GetString() == "Compensated", "the transfer is compensated", TimeSpan.FromSeconds(60));
        Assert.Equal(["Screening", "Debiting", "Crediting", "VoidingCredit", "Refunding", "Compensated"], transfer!.Value.Path());
        Assert.Equal(500m, await client.Balance("alice"));
        Assert.Equal(50m, await client.Balance("bob"));
    }

    static async Task OrderIsCancelled(StandaloneFactory platform)
    {
        await using var _ = platform;
        var client = platform.CreateClient();
        await client.OpenAccount("carol", 500m);
        await client.OpenAccount("shop", 0m);
        await client.SetStock("widget", 5);

        var id = await client.StartOrder("carol", "shop", [new OrderItem("widget", 2, 30m)], "left-out-order");

        var order = await Eventually.Value(() => client.Saga("orders", id),
            saga => saga?.GetProperty("state").GetString() == "Cancelled", "the order is cancelled", TimeSpan.FromSeconds(90));
        Assert.Equal(["Screening", "Reserving", "Charging", "Shipping", "PayingMerchant", "VoidingMerchantCredit", "RecallingShipment",
            "RefundingPayment", "ReleasingStock", "Cancelled"], order!.Value.Path());
        Assert.Equal(500m, await client.Balance("carol"));
        Assert.Equal(0m, await client.Balance("shop"));
        Assert.Equal((5, 0, 0), await client.Stock("widget"));
    }

    static Dictionary<string, string?> OnPostgres(PostgresDatabase database) => new(WithoutCredit.Concat(database.Settings));
}
