using System.Reflection;
using Sagas.Contracts.Transfers;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Contracts.Tests;

public class Every_contract
{
    /// <summary>Records that travel inside messages rather than as messages.</summary>
    static readonly Type[] Parts = [typeof(Orders.OrderLine), typeof(Inventory.StockItem), typeof(Inventory.StockDelta)];

    static readonly Type[] Messages = [.. typeof(TransferRequested).Assembly.GetTypes()
        .Where(type => type.IsPublic && type is { IsClass: true, IsAbstract: false } && !Parts.Contains(type))];

    public static TheoryData<Type> MessageTypes => [.. Messages];

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Carries_the_saga_id_as_its_key(Type message) =>
        Assert.Equal(typeof(Guid), message.GetProperty("CorrelationId")?.PropertyType);

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Carries_money_as_decimal_never_floating_point(Type message) =>
        Assert.DoesNotContain(message.GetProperties(BindingFlags.Public | BindingFlags.Instance),
            property => property.PropertyType == typeof(double) || property.PropertyType == typeof(float));

    [Fact]
    public void Each_command_goes_to_its_worker_topic()
    {
        var topics = new TopicOptions();

        Assert.Equal(new Uri("topic:debit.commands"), topics.AddressOf<Ledger.DebitAccount>());
        Assert.Equal(new Uri("topic:debit.commands"), topics.AddressOf<Ledger.RefundDebit>());
        Assert.Equal(new Uri("topic:debit.commands"), topics.AddressOf<Ledger.VoidCredit>());
        Assert.Equal(new Uri("topic:credit.commands"), topics.AddressOf<Ledger.CreditAccount>());
        Assert.Equal(new Uri("topic:fraud.commands"), topics.AddressOf<Fraud.CheckFraud>());
        Assert.Equal(new Uri("topic:notify.commands"), topics.AddressOf<Notifications.SendNotification>());
        Assert.Equal(new Uri("topic:inventory.commands"), topics.AddressOf<Inventory.ReleaseStock>());
        Assert.Equal(new Uri("topic:inventory.commands"), topics.AddressOf<Inventory.SellStock>());
        Assert.Equal(new Uri("topic:shipping.commands"), topics.AddressOf<Shipping.CancelShipment>());
        Assert.All(Enum.GetValues<WorkerRole>(), role => Assert.NotEmpty(MessageRoutes.CommandsOf(role)));
        Assert.All(Enum.GetValues<WorkerRole>(), role =>
            Assert.All(MessageRoutes.CommandsOf(role), command => Assert.Equal(role, MessageRoutes.WorkerFor(command))));
    }

    [Fact]
    public void A_configured_topic_name_moves_the_address()
    {
        var topics = new TopicOptions { Debit = "ledger.debits" };

        Assert.Equal(new Uri("topic:ledger.debits"), topics.AddressOf<Ledger.RefundDebit>());
        Assert.Equal("ledger.debits", TopicAddress.TopicOf(topics.AddressOf<Ledger.DebitAccount>()));
    }

    [Fact]
    public void Replies_events_and_timeouts_have_no_worker_and_no_command_address()
    {
        var topics = new TopicOptions();

        Assert.Null(MessageRoutes.WorkerFor(typeof(Ledger.AccountDebited)));
        Assert.Null(MessageRoutes.WorkerFor(typeof(TransferStepTimedOut)));
        Assert.Null(MessageRoutes.WorkerFor(typeof(TransferRequested)));
        Assert.Throws<InvalidOperationException>(() => topics.AddressOf<Ledger.AccountDebited>());
        Assert.Throws<InvalidOperationException>(() => topics.AddressOf<TransferStepTimedOut>());
    }

    [Fact]
    public void Every_message_is_either_a_command_of_one_worker_or_for_the_sagas()
    {
        var commands = Enum.GetValues<WorkerRole>().SelectMany(MessageRoutes.CommandsOf).ToList();

        Assert.Equal(commands.Count, commands.Distinct().Count());
        Assert.All(commands, command => Assert.Contains(command, Messages));
    }

    [Fact]
    public void Each_saga_type_consumes_its_own_topic_and_every_topic_is_provisioned()
    {
        var topics = new TopicOptions();

        Assert.Equal(("transfer.events", "order.events"), (topics.Transfers, topics.Orders));
        Assert.Equal(
            ["transfer.events", "order.events", "debit.commands", "credit.commands", "fraud.commands", "notify.commands", "inventory.commands", "shipping.commands",
                "ledger.events", "inventory.events", "saga.events"],
            topics.All());
    }

    [Fact]
    public void The_key_is_the_saga_id_read_from_any_contract()
    {
        var id = Guid.NewGuid();

        Assert.Equal(id, RecordKey.Of(new Ledger.RefundDebit(id)));
        Assert.Equal(id, RecordKey.Of(new Orders.OrderSubmitted
        {
            CorrelationId = id, CustomerAccountId = "c", MerchantAccountId = "m", Currency = "USD", Items = [], ShipToCountry = "US",
        }));
        Assert.Equal(id.ToString("D"), RecordKey.Describe(RecordKey.Encode(id)));
        Assert.Throws<InvalidOperationException>(() => RecordKey.Of(new Orders.OrderLine("sku", 1, 1m)));
    }
}
