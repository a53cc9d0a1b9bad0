using Sagas.Bench.Invariants;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Bench.Results;

/// <summary>
/// How long each step of the sagas took, from their histories: a step's time runs from the previous transition
/// (or, for the first, from the request being sent) to the transition the step's event caused, keyed by kind and
/// event, e.g. <c>transfer FraudCheckPassed</c>.
/// </summary>
public sealed class StepLatencies
{
    readonly SortedDictionary<string, LatencyRecorder> _steps = new(StringComparer.Ordinal);

    public void Add(SagaKind kind, DateTimeOffset sentAt, IReadOnlyList<SagaStep> history)
    {
        var previous = sentAt;
        foreach (var step in history.OrderBy(step => step.At))
        {
            var key = $"{kind.ToString().ToLowerInvariant()} {step.Event}";
            if (!_steps.TryGetValue(key, out var recorder))
                _steps[key] = recorder = new LatencyRecorder();
            recorder.Record(step.At - previous);
            previous = step.At;
        }
    }

    public IReadOnlyDictionary<string, LatencySummary> Summaries() => _steps.ToDictionary(step => step.Key, step => step.Value.Summary());
}
