using MassTransit;
using MassTransit.Transports;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// The end of a topic endpoint's transport pipe: runs one consumer agent until it stops. A consumer that died
/// of a fatal error is reported as a fault, so MassTransit's receive transport marks the endpoint unhealthy
/// and starts a fresh one.
/// </summary>
internal sealed class KafkaConsumerFilter(KafkaTopicEndpointContext context) : IFilter<KafkaConsumerContext>
{
    public async Task Send(KafkaConsumerContext pipeContext, IPipe<KafkaConsumerContext> next)
    {
        var consumer = new KafkaTopicConsumer(context);
        try
        {
            // Supervised before it is ready, so an endpoint stopped during start-up stops it too.
            context.AddConsumeAgent(consumer);
        }
        catch
        {
            await consumer.Stop("The endpoint stopped while the consumer started");
            throw;
        }

        // A stop that began before the consumer was supervised would otherwise never reach it.
        using var transportStopping = context.Supervisor.ConsumeStopping.Register(() => _ = consumer.Stop("The endpoint is stopping"));
        using var contextStopping = pipeContext.CancellationToken.Register(() => _ = consumer.Stop("The endpoint is stopping"));
        try
        {
            await Task.WhenAny(consumer.Ready, consumer.Completed);
            if (consumer.Ready.IsCompletedSuccessfully)
                await context.TransportObservers.NotifyReady(context.InputAddress);
            await consumer.Completed;
        }
        finally
        {
            await context.TransportObservers.NotifyCompleted(context.InputAddress, consumer);
        }

        if (consumer.Fault is { } fault)
            throw new ConnectionException($"The Kafka consumer of {context.Settings.Topic} failed", fault);

        await next.Send(pipeContext);
    }

    public void Probe(ProbeContext probeContext) => probeContext.CreateFilterScope("kafkaConsumer");
}
