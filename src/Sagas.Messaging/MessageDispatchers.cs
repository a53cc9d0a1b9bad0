namespace Sagas.Messaging;

/// <summary>Service keys of the dispatchers a host registers besides its default one.</summary>
public static class MessageDispatchers
{
    /// <summary>
    /// What the orchestrator sends — saga transitions' commands and the API's requests to its own sagas — goes through
    /// the <see cref="IMessageDispatcher"/> registered under this key: in the platform, the transactional outbox of the
    /// orchestrator's database, so a message commits with the change that caused it. Workers in the same process keep
    /// the default dispatcher: their replies do not belong in the orchestrator's database.
    /// </summary>
    public const string Orchestrator = "orchestrator";
}
