using Sagas.Kafka;

namespace Sagas.Messaging;

/// <summary>
/// Topic names (configuration section <c>Topics</c>): one command topic per worker, and one per saga type for what its
/// sagas consume (replies, requests, timeouts), so a reply reaches only the saga type that asked; and one per source of
/// the events the read side projects (what the ledger, the inventory and the sagas did).
/// </summary>
public sealed class TopicOptions
{
    public const string Section = "Topics";

    public string Transfers { get; set; } = "transfer.events";

    public string Orders { get; set; } = "order.events";

    public string Debit { get; set; } = "debit.commands";

    public string Credit { get; set; } = "credit.commands";

    public string Fraud { get; set; } = "fraud.commands";

    public string Notify { get; set; } = "notify.commands";

    public string Inventory { get; set; } = "inventory.commands";

    public string Shipping { get; set; } = "shipping.commands";

    /// <summary>What the ledger did: postings and account changes, keyed by the customer account.</summary>
    public string LedgerEvents { get; set; } = "ledger.events";

    /// <summary>What the inventory did: stock movements, keyed by the order (or the SKU).</summary>
    public string InventoryEvents { get; set; } = "inventory.events";

    /// <summary>What the sagas did: each started, stepped and ended, keyed by the saga.</summary>
    public string SagaEvents { get; set; } = "saga.events";

    /// <summary>The command topic of a worker role.</summary>
    public string CommandsOf(WorkerRole role) => role switch
    {
        WorkerRole.Debit => Debit,
        WorkerRole.Credit => Credit,
        WorkerRole.Fraud => Fraud,
        WorkerRole.Notify => Notify,
        WorkerRole.Inventory => Inventory,
        WorkerRole.Shipping => Shipping,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown worker role."),
    };

    /// <summary>The address a worker command is sent to: its worker's command topic.</summary>
    public Uri AddressOf<TCommand>() =>
        TopicAddress.For(CommandsOf(MessageRoutes.WorkerFor(typeof(TCommand)) ?? throw new InvalidOperationException($"{typeof(TCommand).Name} is not a worker command.")));

    /// <summary>The topics the platform's services consume: each saga type's and each worker's.</summary>
    public IEnumerable<string> Consumed() => Enum.GetValues<WorkerRole>().Select(CommandsOf).Prepend(Orders).Prepend(Transfers);

    /// <summary>Every topic the platform uses, for provisioning: those it consumes and those it publishes its events on.</summary>
    public IEnumerable<string> All() => Consumed().Concat([LedgerEvents, InventoryEvents, SagaEvents]);
}
