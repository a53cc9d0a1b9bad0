using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Kafka;

namespace Sagas.Hosting.Workers;

/// <summary>
/// Base of every worker consumer: handles one command inside a log scope carrying the saga id, and logs a failure
/// with that id before MassTransit retries or faults the message.
/// </summary>
public abstract class WorkerConsumer<TCommand>(ILogger logger) : IConsumer<TCommand>
    where TCommand : class
{
    protected ILogger Logger { get; } = logger;

    public async Task Consume(ConsumeContext<TCommand> context)
    {
        var sagaId = RecordKey.Of(context.Message);
        using var scope = Logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = sagaId });
        try
        {
            await Handle(context);
        }
        catch (Exception exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            Logger.LogError(exception, "{Command} of saga {CorrelationId} failed; it will be retried or faulted",
                typeof(TCommand).Name, sagaId);
            throw;
        }
    }

    /// <summary>Does the work, commits it (or leaves the commit to its batch), and only then answers.</summary>
    protected abstract Task Handle(ConsumeContext<TCommand> context);
}
