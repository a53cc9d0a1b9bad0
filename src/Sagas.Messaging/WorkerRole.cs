namespace Sagas.Messaging;

/// <summary>The worker services; each owns a command topic and its own data.</summary>
public enum WorkerRole
{
    Debit,
    Credit,
    Fraud,
    Notify,
    Inventory,
    Shipping,
}
