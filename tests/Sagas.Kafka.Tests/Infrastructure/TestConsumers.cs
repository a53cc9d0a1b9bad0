using MassTransit;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>Counts attempts per message and always fails.</summary>
public sealed class PoisonConsumer(AttemptLog attempts) : IConsumer<Poison>
{
    public Task Consume(ConsumeContext<Poison> context)
    {
        attempts.Add(context.Message.CorrelationId);
        throw new InvalidOperationException($"poison {context.Message.CorrelationId}");
    }
}

public sealed class AttemptLog
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> _attempts = new();

    public void Add(Guid key) => _attempts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int Of(Guid key) => _attempts.GetValueOrDefault(key);
}

/// <summary>Answers a <see cref="Ping"/> by sending a <see cref="Pong"/> to its reply topic, as handlers on a topic endpoint send.</summary>
public sealed class EchoConsumer : IConsumer<Ping>
{
    public async Task Consume(ConsumeContext<Ping> context)
    {
        var replies = await context.GetSendEndpoint(TopicAddress.For(context.Message.ReplyTopic));
        await replies.Send(new Pong(context.Message.CorrelationId), context.CancellationToken);
    }
}

/// <summary>Holds a consumer's first attempt until the test opens it, so the test can change the world in between.</summary>
public sealed class Gate
{
    readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _opened.TrySetResult();

    public Task Passed => _opened.Task.WaitAsync(TimeSpan.FromSeconds(30));
}

/// <summary>A <see cref="PoisonConsumer"/> whose attempts wait at the <see cref="Gate"/>.</summary>
public sealed class GatedPoisonConsumer(AttemptLog attempts, Gate gate) : IConsumer<Poison>
{
    public async Task Consume(ConsumeContext<Poison> context)
    {
        attempts.Add(context.Message.CorrelationId);
        await gate.Passed;
        throw new InvalidOperationException($"poison {context.Message.CorrelationId}");
    }
}
