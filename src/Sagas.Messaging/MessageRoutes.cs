using System.Collections.Frozen;
using Sagas.Contracts.Fraud;
using Sagas.Contracts.Inventory;
using Sagas.Contracts.Ledger;
using Sagas.Contracts.Notifications;
using Sagas.Contracts.Shipping;

namespace Sagas.Messaging;

/// <summary>
/// Which worker handles each command; every other contract message is for the orchestrator's sagas, which get their
/// replies on the topic their command came from. The ledger's
/// compensations (refund a debit, void a credit) go to the debit role, so a transfer can still be unwound when the
/// credit worker is the one that stopped answering; both roles share the ledger's database.
/// </summary>
public static class MessageRoutes
{
    static readonly FrozenDictionary<Type, WorkerRole> WorkerByCommand = new Dictionary<Type, WorkerRole>
    {
        [typeof(CheckFraud)] = WorkerRole.Fraud,
        [typeof(DebitAccount)] = WorkerRole.Debit,
        [typeof(RefundDebit)] = WorkerRole.Debit,
        [typeof(CreditAccount)] = WorkerRole.Credit,
        [typeof(VoidCredit)] = WorkerRole.Debit,
        [typeof(SendNotification)] = WorkerRole.Notify,
        [typeof(ReserveStock)] = WorkerRole.Inventory,
        [typeof(ReleaseStock)] = WorkerRole.Inventory,
        [typeof(SellStock)] = WorkerRole.Inventory,
        [typeof(ShipOrder)] = WorkerRole.Shipping,
        [typeof(CancelShipment)] = WorkerRole.Shipping,
    }.ToFrozenDictionary();

    /// <summary>The worker that handles a command, or null for messages the sagas consume.</summary>
    public static WorkerRole? WorkerFor(Type messageType) =>
        WorkerByCommand.TryGetValue(messageType, out var role) ? role : null;

    /// <summary>The commands a worker role consumes.</summary>
    public static IEnumerable<Type> CommandsOf(WorkerRole role) =>
        WorkerByCommand.Where(route => route.Value == role).Select(route => route.Key);
}
