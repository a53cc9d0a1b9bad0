using System.Collections.Concurrent;
using MassTransit;

namespace Sagas.Orchestrator.Tests.Support;

/// <summary>
/// Tells when an endpoint of the test bus has finished with a message (its consumer or saga committed, or it was
/// dropped or faulted), so a test can check that a message changed nothing once it is sure the message was handled.
/// MassTransit's harness inactivity signal fires only once per bus, so it cannot tell this after the first quiet moment.
/// </summary>
public sealed class ReceiveLog : IReceiveObserver
{
    readonly ConcurrentDictionary<Guid, TaskCompletionSource> _handled = new();

    /// <summary>Completes once an endpoint has finished receiving the message with this id; bounded by <paramref name="timeout"/>.</summary>
    public async Task Handled(Guid messageId, TimeSpan timeout)
    {
        try
        {
            await Entry(messageId).Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No endpoint finished receiving message {messageId} within {timeout}.");
        }
    }

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Finished(context);

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Finished(context);

    Task Finished(ReceiveContext context)
    {
        if (context.GetMessageId() is { } messageId)
            Entry(messageId).TrySetResult();
        return Task.CompletedTask;
    }

    TaskCompletionSource Entry(Guid messageId) =>
        _handled.GetOrAdd(messageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
