using MassTransit;
using MassTransit.Configuration;
using MassTransit.DependencyInjection;

namespace Sagas.Kafka.Configuration;

internal sealed class KafkaRiderFactory(Action<IRiderRegistrationContext, IKafkaFactoryConfigurator> configure) : IRegistrationRiderFactory<IKafkaRider>
{
    public IBusInstanceSpecification CreateRider(IRiderRegistrationContext context)
    {
        var configurator = new KafkaFactoryConfigurator();
        configure(context, configurator);
        return new KafkaBusInstanceSpecification(context, configurator);
    }
}
