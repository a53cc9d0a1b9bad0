using Microsoft.Extensions.Logging;

namespace Sagas.Notify;

/// <summary>The default sink: writes the notification to the log.</summary>
public sealed class LoggingNotificationSink(ILogger<LoggingNotificationSink> logger) : INotificationSink
{
    public Task Deliver(Notification notification, CancellationToken cancellationToken)
    {
        logger.LogInformation("Notification for {SagaType} saga {CorrelationId} ({State}): {Text}",
            notification.SagaType, notification.SagaId, notification.State, notification.Text);
        return Task.CompletedTask;
    }
}
