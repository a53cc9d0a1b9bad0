using MassTransit;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>Consumes <see cref="Numbered"/> records only once the <see cref="Gate"/> is open, so records pile up behind it.</summary>
public sealed class GatedNumberedConsumer(Gate gate, ProcessingLog log) : IConsumer<Numbered>
{
    public async Task Consume(ConsumeContext<Numbered> context)
    {
        await gate.Passed;
        await log.Record(context.Message, context, "gated");
    }
}
