namespace Sagas.Kafka;

/// <summary>Declares the Kafka topic endpoints of a process and the topics it only produces to.</summary>
public interface IKafkaFactoryConfigurator
{
    /// <summary>Joins consumer group <paramref name="groupId"/> on <paramref name="topic"/> and configures what consumes its records.</summary>
    void TopicEndpoint(string topic, string groupId, Action<IKafkaTopicEndpointConfigurator> configure);

    /// <summary>Declares a topic to create at start-up that this process produces to but does not consume.</summary>
    void Topic(string topic);
}
