using MassTransit;

namespace Sagas.Persistence.Tests.Support;

public sealed record CounterMark(int Count, string Note);

public sealed class CounterSaga : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public int Counter { get; set; }

    public string? LastAudit { get; set; }

    public IReadOnlyList<CounterMark> Marks { get; set; } = [];

    public void Count(string note)
    {
        Counter++;
        Marks = [.. Marks, new CounterMark(Counter, note)];
    }
}

/// <summary>A second entity the saga pipeline writes through the same scoped DbContext.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }

    public Guid SagaId { get; set; }

    public string Note { get; set; } = "";
}
