using System.Reflection;
using Sagas.Contracts.Transfers;
using Sagas.Messaging;

namespace Sagas.Contracts.Tests;

public class Every_contract
{
    /// <summary>Records that travel inside messages rather than as messages.</summary>
    static readonly Type[] Parts = [typeof(Orders.OrderLine), typeof(Inventory.StockItem)];

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
    public void Commands_go_to_a_worker_and_everything_else_to_the_orchestrator()
    {
        var topics = new TopicOptions();

        Assert.Equal("debit.commands", MessageRoutes.TopicFor(typeof(Ledger.DebitAccount), topics));
        Assert.Equal("debit.commands", MessageRoutes.TopicFor(typeof(Ledger.RefundDebit), topics));
        Assert.Equal("debit.commands", MessageRoutes.TopicFor(typeof(Ledger.VoidCredit), topics));
        Assert.Equal("credit.commands", MessageRoutes.TopicFor(typeof(Ledger.CreditAccount), topics));
        Assert.Equal("orchestrator.events", MessageRoutes.TopicFor(typeof(Ledger.AccountDebited), topics));
        Assert.Equal("orchestrator.events", MessageRoutes.TopicFor(typeof(TransferStepTimedOut), topics));
        Assert.All(Enum.GetValues<WorkerRole>(), role => Assert.NotEmpty(MessageRoutes.CommandsOf(role)));
    }

    [Fact]
    public void The_key_is_read_from_any_contract()
    {
        var id = Guid.NewGuid();

        Assert.Equal(id, MessageKey.Of(new Ledger.RefundDebit(id)));
        Assert.Throws<InvalidOperationException>(() => MessageKey.Of(new Orders.OrderLine("sku", 1, 1m)));
    }
}
