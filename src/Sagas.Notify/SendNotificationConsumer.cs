using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Notifications;
using Sagas.Hosting.Workers;

namespace Sagas.Notify;

/// <summary>Notify role: records and delivers a saga's notification; it has no reply.</summary>
sealed class SendNotificationConsumer(Notifications notifications, ILogger<SendNotificationConsumer> logger)
    : WorkerConsumer<SendNotification>(logger)
{
    protected override async Task Handle(ConsumeContext<SendNotification> context)
    {
        if (!await notifications.Send(context.Message, context.CancellationToken))
            Logger.LogInformation("Notification of saga {CorrelationId} ({State}) was delivered already",
                context.Message.CorrelationId, context.Message.State);
    }
}
