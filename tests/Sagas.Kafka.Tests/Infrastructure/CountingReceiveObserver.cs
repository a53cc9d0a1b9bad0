using MassTransit;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>Counts what a bus-level receive observer sees, to show Kafka records pass MassTransit's observers.</summary>
public sealed class CountingReceiveObserver : IReceiveObserver
{
    int _received;

    public int Received => _received;

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        Interlocked.Increment(ref _received);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
}
