using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sagas.Orchestrator.Observability;

/// <summary>The <c>Sagas.Orchestrator</c> meter: how many sagas start and how they end, how long each step takes, how often they compensate.</summary>
public sealed class SagaMetrics
{
    public const string MeterName = "Sagas.Orchestrator";

    readonly Counter<long> _started;
    readonly Counter<long> _finished;
    readonly Histogram<double> _stepDuration;
    readonly Counter<long> _compensations;

    public SagaMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _started = meter.CreateCounter<long>("sagas.saga.started", "{saga}", "Sagas started, per saga type.");
        _finished = meter.CreateCounter<long>("sagas.saga.completed", "{saga}", "Sagas that reached a terminal state, per saga type and state.");
        _stepDuration = meter.CreateHistogram<double>("sagas.saga.step.duration", "s",
            "Time a saga spent in a state before leaving it, per saga type, state and the event that ended it.");
        _compensations = meter.CreateCounter<long>("sagas.saga.compensations", "{step}", "Compensating steps begun, per saga type and step.");
    }

    public void Started(string sagaType) => _started.Add(1, new KeyValuePair<string, object?>(SagaTags.Type, sagaType));

    public void Finished(string sagaType, string state) =>
        _finished.Add(1, new TagList { { SagaTags.Type, sagaType }, { SagaTags.State, state } });

    public void StepTook(string sagaType, string state, string endedBy, TimeSpan duration) =>
        _stepDuration.Record(duration.TotalSeconds, new TagList { { SagaTags.Type, sagaType }, { SagaTags.State, state }, { SagaTags.Event, endedBy } });

    public void Compensating(string sagaType, string step) =>
        _compensations.Add(1, new TagList { { SagaTags.Type, sagaType }, { SagaTags.State, step } });
}
