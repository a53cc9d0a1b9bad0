using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagas.Kafka.Connection;

namespace Sagas.Kafka;

public static class DeadLetterReaderRegistration
{
    /// <summary>Registers the <see cref="DeadLetterReader"/> (and the Kafka clients it reads with).</summary>
    public static IServiceCollection AddDeadLetterReader(this IServiceCollection services)
    {
        services.AddKafkaClients();
        services.TryAddSingleton(provider => new DeadLetterReader(provider.GetRequiredService<KafkaCluster>()));
        return services;
    }
}
