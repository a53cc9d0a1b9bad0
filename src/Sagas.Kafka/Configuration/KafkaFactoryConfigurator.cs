namespace Sagas.Kafka.Configuration;

internal sealed class KafkaFactoryConfigurator : IKafkaFactoryConfigurator
{
    readonly List<TopicEndpointDefinition> _endpoints = [];
    readonly List<string> _topics = [];

    public IReadOnlyList<TopicEndpointDefinition> Endpoints => _endpoints;

    public IReadOnlyList<string> Topics => _topics;

    public void TopicEndpoint(string topic, string groupId, Action<IKafkaTopicEndpointConfigurator> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        _endpoints.Add(new TopicEndpointDefinition(topic, groupId, configure));
    }

    public void Topic(string topic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        _topics.Add(topic);
    }
}

internal sealed record TopicEndpointDefinition(string Topic, string GroupId, Action<IKafkaTopicEndpointConfigurator> Configure);
