namespace Sagas.Notify;

/// <summary>
/// Where notifications go (e-mail, SMS, a webhook). Delivery is at least once: a sink that throws sees the same
/// notification again when the command is retried, so senders should be idempotent by (saga id, state).
/// </summary>
public interface INotificationSink
{
    Task Deliver(Notification notification, CancellationToken cancellationToken);
}
