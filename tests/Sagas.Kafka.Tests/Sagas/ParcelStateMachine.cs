using MassTransit;

namespace Sagas.Kafka.Tests.Sagas;

/// <summary>Shipping starts a parcel's saga; delivery finishes it.</summary>
public sealed record ParcelShipped(Guid CorrelationId, string Destination);

/// <summary>The carrier reports the parcel delivered.</summary>
public sealed record ParcelDelivered(Guid CorrelationId);

public sealed class ParcelState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public string Destination { get; set; } = "";
}

/// <summary>A two-step saga, just enough to drive a state machine from Kafka records.</summary>
public sealed class ParcelStateMachine : MassTransitStateMachine<ParcelState>
{
    public ParcelStateMachine()
    {
        InstanceState(x => x.CurrentState);

        Initially(
            When(Shipped)
                .Then(context => context.Saga.Destination = context.Message.Destination)
                .TransitionTo(InTransit));

        During(InTransit,
            When(Delivered).TransitionTo(Arrived));
    }

    public State InTransit { get; } = null!;

    public State Arrived { get; } = null!;

    public Event<ParcelShipped> Shipped { get; } = null!;

    public Event<ParcelDelivered> Delivered { get; } = null!;
}
