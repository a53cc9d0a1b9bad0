using MassTransit;

namespace Sagas.Scheduling.Tests.Sagas;

/// <summary>Starts a saga that waits for a reply.</summary>
public sealed record StartWaiting(Guid CorrelationId);

/// <summary>The reply the saga waits for.</summary>
public sealed record ReplyArrived(Guid CorrelationId);

/// <summary>The saga's step timeout, delivered by the scheduler.</summary>
public sealed record WaitTimedOut(Guid CorrelationId);

/// <summary>How long the test saga waits; each test picks its own.</summary>
public sealed record WaitTimeout(TimeSpan Delay);

public sealed class WaitingSaga : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public Guid? TimeoutTokenId { get; set; }
}

/// <summary>The smallest saga with a step timeout: Waiting, then Done on the reply or TimedOut on the timeout.</summary>
public sealed class WaitingStateMachine : MassTransitStateMachine<WaitingSaga>
{
    public WaitingStateMachine(WaitTimeout timeout)
    {
        InstanceState(x => x.CurrentState);

        Schedule(() => Timeout, x => x.TimeoutTokenId, s =>
        {
            s.Delay = timeout.Delay;
            s.Received = r => r.CorrelateById(context => context.Message.CorrelationId);
        });

        Initially(
            When(Started)
                .Schedule(Timeout, context => new WaitTimedOut(context.Saga.CorrelationId))
                .TransitionTo(Waiting));

        During(Waiting,
            When(Replied)
                .Unschedule(Timeout)
                .TransitionTo(Done),
            When(Timeout.Received)
                .TransitionTo(TimedOut));
    }

    public State Waiting { get; } = null!;

    public State Done { get; } = null!;

    public State TimedOut { get; } = null!;

    public Event<StartWaiting> Started { get; } = null!;

    public Event<ReplyArrived> Replied { get; } = null!;

    public Schedule<WaitingSaga, WaitTimedOut> Timeout { get; } = null!;
}
