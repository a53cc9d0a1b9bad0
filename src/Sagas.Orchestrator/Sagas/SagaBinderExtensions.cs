using MassTransit;
using Sagas.Contracts.Notifications;

namespace Sagas.Orchestrator.Sagas;

/// <summary>Chains both state machines repeat.</summary>
public static class SagaBinderExtensions
{
    /// <summary>Moves the saga to a terminal state and tells people about it, through the notify worker at <paramref name="notifications"/>.</summary>
    public static EventActivityBinder<TSaga, TEvent> Finish<TSaga, TEvent>(this EventActivityBinder<TSaga, TEvent> binder,
        State terminal, string sagaType, Uri notifications)
        where TSaga : class, ITrackedSaga
        where TEvent : class =>
        binder.TransitionTo(terminal)
            .Send(notifications, context => new SendNotification(context.Saga.CorrelationId, sagaType, terminal.Name,
                context.Saga.Reason is { } reason ? $"{sagaType} {terminal.Name}: {reason}" : $"{sagaType} {terminal.Name}"));

    /// <summary>Records why the saga is leaving its happy path.</summary>
    public static EventActivityBinder<TSaga, TEvent> Because<TSaga, TEvent>(this EventActivityBinder<TSaga, TEvent> binder,
        Func<BehaviorContext<TSaga, TEvent>, string> reason)
        where TSaga : class, ITrackedSaga
        where TEvent : class =>
        binder.Then(context => context.Saga.Reason = reason(context));

    /// <summary>
    /// A compensating command (or one that completes what cannot be undone) must land eventually, so its timeout re-sends
    /// it to <paramref name="worker"/> (workers are idempotent), up to a bound after which the saga waits in place for an operator.
    /// </summary>
    public static EventActivityBinder<TSaga, TTimeout> Resend<TSaga, TTimeout, TCommand>(
        this EventActivityBinder<TSaga, TTimeout> binder, Schedule<TSaga, TTimeout> timeout, int maxAttempts, Uri worker,
        EventMessageFactory<TSaga, TTimeout, TCommand> command)
        where TSaga : class, ITrackedSaga
        where TTimeout : class
        where TCommand : class =>
        binder.IfElse(context => context.Saga.CompensationAttempts < maxAttempts,
            resend => resend
                .Then(context => context.Saga.CompensationAttempts++)
                .Send(worker, command)
                .Schedule(timeout, context => context.Message),
            giveUp => giveUp.Because(_ => $"{typeof(TCommand).Name} unanswered after {maxAttempts} attempts; waiting for an operator."));
}
