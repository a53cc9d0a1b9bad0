namespace Sagas.Orchestrator.Idempotency;

/// <summary>The first request made with an Idempotency-Key: what it asked for and what it created.</summary>
public class IdempotencyRecord
{
    /// <summary>The kind of resource the key created (transfer, order); keys are unique per scope.</summary>
    public required string Scope { get; init; }

    public required string Key { get; init; }

    /// <summary>A digest of the normalised request, to tell a retry from a different request reusing the key.</summary>
    public required string RequestHash { get; init; }

    public required Guid ResourceId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
