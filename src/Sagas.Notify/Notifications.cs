using Microsoft.EntityFrameworkCore;
using Sagas.Contracts.Notifications;
using Sagas.Hosting.Workers;

namespace Sagas.Notify;

/// <summary>Records a notification once per (saga, state) and hands it to the sink until the sink accepts it.</summary>
sealed class Notifications(NotifyDbContext db, INotificationSink sink, TimeProvider clock)
{
    /// <summary>Records and delivers; false when it had been delivered already and nothing was sent.</summary>
    public async Task<bool> Send(SendNotification command, CancellationToken cancellationToken)
    {
        var notification = await Transactions.Run(db, async token =>
        {
            if (await db.Notifications.AsNoTracking()
                    .SingleOrDefaultAsync(n => n.SagaId == command.CorrelationId && n.State == command.State, token) is { } stored)
                return stored;
            var recorded = new Notification
            {
                SagaId = command.CorrelationId, State = command.State, SagaType = command.SagaType, Text = command.Text,
                RecordedAt = clock.GetUtcNow(),
            };
            db.Notifications.Add(recorded);
            return recorded;
        }, cancellationToken);

        if (notification.DeliveredAt is not null)
            return false;

        // The record is saved before delivery: a sink failure leaves it undelivered, and the retry delivers it without
        // recording it twice. Inside a batch the commit comes later, so a batch that rolls back delivers again when its
        // records run alone: delivery is at least once.
        await sink.Deliver(notification, cancellationToken);
        var deliveredAt = clock.GetUtcNow();
        await db.Notifications.Where(n => n.SagaId == notification.SagaId && n.State == notification.State)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.DeliveredAt, deliveredAt), cancellationToken);
        return true;
    }
}
