namespace Sagas.Kafka;

/// <summary>
/// Who a record of a batch is: the saga its key names and the id of the message it carries, where they parse as such
/// (a poison record may have neither).
/// </summary>
public readonly record struct RecordIdentity(Guid? SagaId, Guid? MessageId);
