using System.Collections.Concurrent;
using MassTransit;
using Sagas.Messaging;

namespace Sagas.Orchestrator.Tests.Support;

/// <summary>
/// Loses chosen messages on their way between the sagas and the workers, the way a crash or a broken link
/// would, and keeps them so a test can deliver them late.
/// </summary>
public sealed class MessageFaults
{
    readonly ConcurrentQueue<object> _lost = new();
    readonly Lock _gate = new();
    readonly List<(Func<object, bool> Matches, int Remaining)> _active = [];

    /// <summary>Loses the next <paramref name="times"/> messages of type T (that match <paramref name="where"/>).</summary>
    public MessageFaults Lose<T>(int times = 1, Func<T, bool>? where = null)
        where T : class
    {
        lock (_gate)
            _active.Add((message => message is T typed && (where?.Invoke(typed) ?? true), times));
        return this;
    }

    /// <summary>Loses every message of type T from now on.</summary>
    public MessageFaults LoseAll<T>()
        where T : class => Lose<T>(int.MaxValue);

    /// <summary>The messages lost so far, of type T.</summary>
    public IReadOnlyList<T> Lost<T>() => [.. _lost.OfType<T>()];

    internal bool ShouldLose(object message)
    {
        lock (_gate)
        {
            var index = _active.FindIndex(rule => rule.Remaining > 0 && rule.Matches(message));
            if (index < 0)
                return false;
            _active[index] = (_active[index].Matches, _active[index].Remaining - 1);
        }

        _lost.Enqueue(message);
        return true;
    }
}

/// <summary>The bus dispatcher with <see cref="MessageFaults"/> in front of it.</summary>
public sealed class FaultyDispatcher(IPublishEndpoint bus, MessageFaults faults) : IMessageDispatcher
{
    readonly BusMessageDispatcher _inner = new(bus);

    public Task Dispatch<T>(T message, ConsumeContext? cause, CancellationToken cancellationToken)
        where T : class =>
        faults.ShouldLose(message) ? Task.CompletedTask : _inner.Dispatch(message, cause, cancellationToken);
}
