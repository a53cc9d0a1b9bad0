using System.Linq.Expressions;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Notifications;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Orchestrator.Sagas;

/// <summary>
/// What both state machines share: the state column, step history recorded with every transition and published as
/// saga events on the read side's topic, every event
/// correlated by the CorrelationId its contract carries, late messages logged and dropped, and the routing table that
/// gives each command its worker's topic address.
/// </summary>
public abstract class TrackedStateMachine<TSaga> : MassTransitStateMachine<TSaga>
    where TSaga : class, ITrackedSaga
{
    readonly TopicOptions _topics;

    protected TrackedStateMachine(TimeProvider clock, TopicOptions topics, string sagaType, IReadOnlySet<string> terminalStates)
    {
        _topics = topics;
        InstanceState(x => x.CurrentState);
        ConnectStateObserver(new HistoryRecorder<TSaga>(clock,
            new SagaEventPublisher<TSaga>(sagaType, terminalStates, TopicAddress.For(topics.SagaEvents), Subject)));
        OnUnhandledEvent(IgnoreLateMessage);
    }

    /// <summary>What the saga is about, for its start event.</summary>
    protected abstract SagaSubject Subject(TSaga saga);

    /// <summary>Where the notify worker's commands go.</summary>
    protected Uri Notifications => _topics.AddressOf<SendNotification>();

    /// <summary>The topic address of the worker that handles <typeparamref name="TCommand"/>.</summary>
    protected Uri WorkerOf<TCommand>()
        where TCommand : class => _topics.AddressOf<TCommand>();

    /// <summary>Declares an event whose messages belong to the saga named by their CorrelationId.</summary>
    protected void CorrelatedEvent<T>(Expression<Func<Event<T>>> @event)
        where T : class =>
        Event(@event, x => x.CorrelateById(context => RecordKey.Of(context.Message)));

    /// <summary>
    /// Logs, with the saga id, a message the saga has no use for in its current state (a late or duplicate reply,
    /// a timeout after the step finished) and drops it: such a message must never change a saga.
    /// </summary>
    static Task IgnoreLateMessage(UnhandledEventContext<TSaga> context)
    {
        var logger = context.GetPayload<IServiceProvider>().GetService(typeof(ILogger<TSaga>)) as ILogger;
        logger?.LogInformation("Saga {SagaId} ignored {Event} in state {State}", context.Saga.CorrelationId, context.Event.Name,
            context.CurrentState.Name);
        return context.Ignore();
    }
}
