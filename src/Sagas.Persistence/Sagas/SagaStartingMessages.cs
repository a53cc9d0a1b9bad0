using System.Collections.Concurrent;
using MassTransit;

namespace Sagas.Persistence.Sagas;

/// <summary>
/// Which message types can create a <typeparamref name="TSaga"/>: for a state machine, those of the events it accepts
/// in its initial state (the rule by which MassTransit gives an event a new-or-existing saga policy rather than an
/// existing-only one). A message of any other type only ever finds an existing saga, so the repository can see that
/// none exists without taking a lock. A saga without a state machine is taken to start on any message.
/// </summary>
public sealed class SagaStartingMessages<TSaga>(IServiceProvider services)
    where TSaga : class, ISaga
{
    readonly ConcurrentDictionary<Type, bool> _canStart = new();

    public bool CanStart<TMessage>()
        where TMessage : class =>
        _canStart.GetOrAdd(typeof(TMessage), _ => StateMachine() is not { } machine
            || machine.NextEvents(machine.Initial).OfType<Event<TMessage>>().Any());

    StateMachine? StateMachine() =>
        typeof(SagaStateMachineInstance).IsAssignableFrom(typeof(TSaga))
            ? services.GetService(typeof(SagaStateMachine<>).MakeGenericType(typeof(TSaga))) as StateMachine
            : null;
}
