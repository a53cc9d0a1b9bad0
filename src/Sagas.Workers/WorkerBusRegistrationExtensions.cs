using MassTransit;
using Sagas.Contracts.Fraud;
using Sagas.Contracts.Inventory;
using Sagas.Contracts.Ledger;
using Sagas.Contracts.Notifications;
using Sagas.Contracts.Shipping;
using Sagas.Messaging;
using Sagas.Workers.Fraud;
using Sagas.Workers.Inventory;
using Sagas.Workers.Ledger;
using Sagas.Workers.Notify;
using Sagas.Workers.Shipping;

namespace Sagas.Workers;

public static class WorkerBusRegistrationExtensions
{
    /// <summary>The consumers of each worker role, each with the command it handles.</summary>
    public static IReadOnlyList<(Type Consumer, Type Command)> ConsumersOf(WorkerRole role) => role switch
    {
        WorkerRole.Debit =>
        [
            (typeof(DebitAccountConsumer), typeof(DebitAccount)), (typeof(RefundDebitConsumer), typeof(RefundDebit)),
            (typeof(VoidCreditConsumer), typeof(VoidCredit)),
        ],
        WorkerRole.Credit => [(typeof(CreditAccountConsumer), typeof(CreditAccount))],
        WorkerRole.Fraud => [(typeof(CheckFraudConsumer), typeof(CheckFraud))],
        WorkerRole.Notify => [(typeof(SendNotificationConsumer), typeof(SendNotification))],
        WorkerRole.Inventory =>
        [
            (typeof(ReserveStockConsumer), typeof(ReserveStock)), (typeof(ReleaseStockConsumer), typeof(ReleaseStock)),
            (typeof(SellStockConsumer), typeof(SellStock)),
        ],
        WorkerRole.Shipping => [(typeof(ShipOrderConsumer), typeof(ShipOrder)), (typeof(CancelShipmentConsumer), typeof(CancelShipment))],
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown worker role."),
    };

    /// <summary>Adds the consumers, with their endpoint definitions, of the given worker roles.</summary>
    public static IBusRegistrationConfigurator AddWorkerConsumers(this IBusRegistrationConfigurator bus, IEnumerable<WorkerRole> roles)
    {
        foreach (var (consumer, command) in roles.Distinct().SelectMany(ConsumersOf))
            bus.AddConsumer(consumer, typeof(WorkerConsumerDefinition<,>).MakeGenericType(consumer, command));
        return bus;
    }
}
