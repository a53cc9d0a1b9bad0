using MassTransit;
using Sagas.Kafka;

namespace Sagas.Outbox.Tests.Support;

/// <summary>Starts a parcel's saga: it sends the parcel's two legs to the carrier and arms its delivery deadline. A damaged parcel's transition fails after it has sent.</summary>
public sealed record DispatchParcel(Guid CorrelationId, bool Damaged = false);

/// <summary>The carrier's reply that the parcel arrived; disarms the deadline.</summary>
public sealed record ParcelArrived(Guid CorrelationId);

/// <summary>The saga's delivery deadline, scheduled through the outbox.</summary>
public sealed record ParcelOverdue(Guid CorrelationId);

/// <summary>A command to the carrier, one per leg, in the order the saga sent them.</summary>
public sealed record MoveParcel(Guid CorrelationId, int Step);

/// <summary>Where the parcel saga sends its commands and how long it waits for the parcel; each test picks its own.</summary>
public sealed record ParcelRoute(string CarrierTopic, TimeSpan Deadline);

public sealed class ParcelDamagedException(Guid parcel) : Exception($"Parcel {parcel} is damaged.");

public sealed class ParcelState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public Guid? DeadlineToken { get; set; }
}

/// <summary>A saga that sends and schedules: Moving after its dispatch, then Arrived, or Overdue when the deadline fires first.</summary>
public sealed class ParcelStateMachine : MassTransitStateMachine<ParcelState>
{
    public ParcelStateMachine(ParcelRoute route)
    {
        InstanceState(x => x.CurrentState);

        Schedule(() => Deadline, x => x.DeadlineToken, s =>
        {
            s.Delay = route.Deadline;
            s.Received = r => r.CorrelateById(context => context.Message.CorrelationId);
        });

        var carrier = TopicAddress.For(route.CarrierTopic);
        Initially(
            When(Dispatched)
                .Send(carrier, context => new MoveParcel(context.Saga.CorrelationId, 1))
                .Send(carrier, context => new MoveParcel(context.Saga.CorrelationId, 2))
                .Schedule(Deadline, context => new ParcelOverdue(context.Saga.CorrelationId))
                .If(context => context.Message.Damaged, damaged => damaged.Then(context => throw new ParcelDamagedException(context.Saga.CorrelationId)))
                .TransitionTo(Moving));

        During(Moving,
            When(Arrived)
                .Unschedule(Deadline)
                .TransitionTo(Delivered),
            When(Deadline.Received)
                .TransitionTo(Overdue));
    }

    public State Moving { get; } = null!;

    public State Delivered { get; } = null!;

    public State Overdue { get; } = null!;

    public Event<DispatchParcel> Dispatched { get; } = null!;

    public Event<ParcelArrived> Arrived { get; } = null!;

    public Schedule<ParcelState, ParcelOverdue> Deadline { get; } = null!;
}
