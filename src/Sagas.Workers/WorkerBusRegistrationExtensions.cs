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
    /// <summary>Adds the consumers, with their endpoint definitions, of the given worker roles.</summary>
    public static IBusRegistrationConfigurator AddWorkerConsumers(this IBusRegistrationConfigurator bus, IEnumerable<WorkerRole> roles)
    {
        foreach (var role in roles.Distinct())
        {
            switch (role)
            {
                case WorkerRole.Debit:
                    bus.AddWorkerConsumer<DebitAccountConsumer, DebitAccount>();
                    bus.AddWorkerConsumer<RefundDebitConsumer, RefundDebit>();
                    break;
                case WorkerRole.Credit:
                    bus.AddWorkerConsumer<CreditAccountConsumer, CreditAccount>();
                    bus.AddWorkerConsumer<VoidCreditConsumer, VoidCredit>();
                    break;
                case WorkerRole.Fraud:
                    bus.AddWorkerConsumer<CheckFraudConsumer, CheckFraud>();
                    break;
                case WorkerRole.Notify:
                    bus.AddWorkerConsumer<SendNotificationConsumer, SendNotification>();
                    break;
                case WorkerRole.Inventory:
                    bus.AddWorkerConsumer<ReserveStockConsumer, ReserveStock>();
                    bus.AddWorkerConsumer<ReleaseStockConsumer, ReleaseStock>();
                    break;
                case WorkerRole.Shipping:
                    bus.AddWorkerConsumer<ShipOrderConsumer, ShipOrder>();
                    bus.AddWorkerConsumer<CancelShipmentConsumer, CancelShipment>();
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(roles), role, "Unknown worker role.");
            }
        }

        return bus;
    }

    static void AddWorkerConsumer<TConsumer, TCommand>(this IBusRegistrationConfigurator bus)
        where TConsumer : WorkerConsumer<TCommand>
        where TCommand : class =>
        bus.AddConsumer<TConsumer, WorkerConsumerDefinition<TConsumer, TCommand>>();
}
