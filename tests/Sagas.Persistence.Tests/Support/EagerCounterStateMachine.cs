using MassTransit;

namespace Sagas.Persistence.Tests.Support;

public sealed record EagerIncrement(Guid CorrelationId);

public sealed class EagerCounter : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public int Counter { get; set; }
}

/// <summary>
/// A counter whose state machine inserts the saga row before running the first event (InsertOnInitial), so the
/// repository's insert-then-load path for an id that already exists is exercised.
/// </summary>
public sealed class EagerCounterStateMachine : MassTransitStateMachine<EagerCounter>
{
    public EagerCounterStateMachine()
    {
        InstanceState(saga => saga.CurrentState);
        Event(() => Incremented, e =>
        {
            e.CorrelateById(context => context.Message.CorrelationId);
            e.InsertOnInitial = true;
            e.SetSagaFactory(context => new EagerCounter { CorrelationId = context.Message.CorrelationId });
        });

        Initially(When(Incremented).Then(context => context.Saga.Counter++).TransitionTo(Counting));
        During(Counting, When(Incremented).Then(context => context.Saga.Counter++));
    }

    public State Counting { get; private set; } = null!;

    public Event<EagerIncrement> Incremented { get; private set; } = null!;
}
