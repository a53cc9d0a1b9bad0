namespace Sagas.Orchestrator.Observability;

/// <summary>What the observers need to know about a saga type: its name and which of its states compensate or end it.</summary>
public sealed record SagaKind(string Name, IReadOnlySet<string> TerminalStates, IReadOnlySet<string> CompensatingStates);
