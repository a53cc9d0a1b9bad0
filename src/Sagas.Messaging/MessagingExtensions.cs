using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka;

namespace Sagas.Messaging;

public static class MessagingExtensions
{
    /// <summary>Sagas and workers talk over Kafka topics: the Kafka clients and the topic names.</summary>
    public static IServiceCollection AddKafkaMessaging(this IServiceCollection services)
    {
        services.AddOptions<TopicOptions>().BindConfiguration(TopicOptions.Section);
        services.AddKafkaClients();
        return services;
    }
}
