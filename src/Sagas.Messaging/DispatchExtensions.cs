using MassTransit;

namespace Sagas.Messaging;

public static class DispatchExtensions
{
    /// <summary>Sends the message the factory builds through the orchestrator's dispatcher (the outbox in the platform, the bus in tests).</summary>
    public static EventActivityBinder<TSaga, TEvent> Dispatch<TSaga, TEvent, TMessage>(
        this EventActivityBinder<TSaga, TEvent> binder, Func<BehaviorContext<TSaga, TEvent>, TMessage> createMessage)
        where TSaga : class, SagaStateMachineInstance
        where TEvent : class
        where TMessage : class =>
        binder.Add(new DispatchActivity<TSaga, TEvent, TMessage>(createMessage));
}
