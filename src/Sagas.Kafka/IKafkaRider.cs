using MassTransit.Transports;

namespace Sagas.Kafka;

/// <summary>The Kafka rider connected to the bus; resolvable from DI for endpoint health.</summary>
public interface IKafkaRider : IRiderControl;
