namespace Sagas.Messaging;

/// <summary>Topic names (configuration section <c>Topics</c>): one command topic per worker and one for the sagas.</summary>
public sealed class TopicOptions
{
    public const string Section = "Topics";

    /// <summary>Replies, events and timeouts that the orchestrator's sagas consume.</summary>
    public string Orchestrator { get; set; } = "orchestrator.events";

    public string Debit { get; set; } = "debit.commands";

    public string Credit { get; set; } = "credit.commands";

    public string Fraud { get; set; } = "fraud.commands";

    public string Notify { get; set; } = "notify.commands";

    public string Inventory { get; set; } = "inventory.commands";

    public string Shipping { get; set; } = "shipping.commands";

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

    /// <summary>Every topic the platform uses, for provisioning.</summary>
    public IEnumerable<string> All() => Enum.GetValues<WorkerRole>().Select(CommandsOf).Prepend(Orchestrator);
}
