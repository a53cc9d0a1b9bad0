using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka;

namespace Sagas.Messaging;

public static class MessagingExtensions
{
    /// <summary>Sagas and workers talk over Kafka topics: the Kafka clients, topic names, and the Kafka dispatcher.</summary>
    public static IServiceCollection AddKafkaMessaging(this IServiceCollection services)
    {
        services.AddOptions<TopicOptions>().BindConfiguration(TopicOptions.Section);
        services.AddKafkaClients();
        services.AddSingleton<IMessageDispatcher, KafkaMessageDispatcher>();
        return services;
    }
}
