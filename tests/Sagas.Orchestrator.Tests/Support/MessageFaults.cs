using MassTransit;

namespace Sagas.Orchestrator.Tests.Support;

/// <summary>
/// Loses chosen messages on their way between the sagas and the workers, the way a crash or a broken link would, and
/// keeps them so a test can deliver them late. A lost message is lost for every endpoint it was on its way to (a reply
/// reaches both saga types' endpoints on the in-memory bus); messages the test sends itself are never lost.
/// </summary>
public sealed class MessageFaults
{
    readonly Lock _gate = new();
    readonly HashSet<Guid> _sentByTest = [];
    readonly List<Rule> _rules = [];
    readonly HashSet<Guid> _lostIds = [];
    readonly List<object> _lost = [];

    /// <summary>Loses the next <paramref name="times"/> messages of type T (that match <paramref name="where"/>).</summary>
    public MessageFaults Lose<T>(int times = 1, Func<T, bool>? where = null)
        where T : class
    {
        lock (_gate)
            _rules.Add(new Rule(context => context.TryGetMessage<T>(out var typed) && (where?.Invoke(typed.Message) ?? true)
                ? typed.Message
                : null, times));
        return this;
    }

    /// <summary>Loses every message of type T from now on.</summary>
    public MessageFaults LoseAll<T>()
        where T : class => Lose<T>(int.MaxValue);

    /// <summary>The messages of type T lost so far.</summary>
    public IReadOnlyList<T> Lost<T>()
    {
        lock (_gate)
            return [.. _lost.OfType<T>()];
    }

    /// <summary>
    /// Keeps the message the test is about to send with this id from being lost: faults apply to the traffic of sagas
    /// and workers. By id, not by a header, since MassTransit copies a consumed message's headers onto what its
    /// consumer sends.
    /// </summary>
    internal void SentByTest(Guid messageId)
    {
        lock (_gate)
            _sentByTest.Add(messageId);
    }

    /// <summary>Whether the message arriving at an endpoint is lost: the first arrival of a message decides for all of them.</summary>
    internal bool ShouldLose(ConsumeContext context)
    {
        if (context.MessageId is not { } messageId)
            return false;

        lock (_gate)
        {
            if (_sentByTest.Contains(messageId))
                return false;
            if (_lostIds.Contains(messageId))
                return true;

            for (var index = 0; index < _rules.Count; index++)
            {
                var rule = _rules[index];
                if (rule.Remaining <= 0 || rule.Match(context) is not { } message)
                    continue;

                _rules[index] = rule with { Remaining = rule.Remaining - 1 };
                _lostIds.Add(messageId);
                _lost.Add(message);
                return true;
            }

            return false;
        }
    }

    sealed record Rule(Func<ConsumeContext, object?> Match, int Remaining);
}

/// <summary>Runs first on every receive endpoint of the test bus and drops the messages <see cref="MessageFaults"/> loses.</summary>
sealed class MessageLossFilter(MessageFaults faults) : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next) =>
        faults.ShouldLose(context) ? Task.CompletedTask : next.Send(context);

    public void Probe(ProbeContext context) => context.CreateFilterScope("messageLoss");
}
