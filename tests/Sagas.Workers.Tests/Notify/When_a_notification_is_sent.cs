using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Notifications;
using Sagas.Notify;
using Sagas.Testing;

namespace Sagas.Workers.Tests.Notify;

public sealed class When_a_notification_is_sent
{
    [Fact]
    public async Task It_is_recorded_and_delivered_once_per_saga_and_state()
    {
        var sink = new RecordingSink(failuresBeforeSuccess: 0);
        await using var host = await WorkerHost.Start(configureServices: services => services.AddSingleton<INotificationSink>(sink));
        var sagaId = Guid.NewGuid();

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(new SendNotification(sagaId, "Transfer", "Completed", "Your transfer arrived."));
        await host.Send(new SendNotification(sagaId, "Transfer", "Compensated", "Your money is back."));

        await Eventually.Until(() => Task.FromResult(host.ConsumedSoFar<SendNotification>() == 4), "four notifications were consumed");
        Assert.Equal(["Completed", "Compensated"], sink.Delivered.Select(n => n.State));
        Assert.Equal(2, await host.With<NotifyDbContext, int>(db => db.Notifications.CountAsync(n => n.SagaId == sagaId)));
    }

    [Fact]
    public async Task A_failing_sink_is_retried_without_recording_it_twice()
    {
        var sink = new RecordingSink(failuresBeforeSuccess: 2);
        await using var host = await WorkerHost.Start(configureServices: services => services.AddSingleton<INotificationSink>(sink));
        var sagaId = Guid.NewGuid();

        await host.Send(new SendNotification(sagaId, "Order", "Completed", "Your order shipped."));

        await Eventually.Until(() => Task.FromResult(sink.Delivered.Count == 1), "the sink accepted the notification");
        Assert.Equal(3, sink.Attempts);
        var stored = await host.With<NotifyDbContext, List<Notification>>(db => db.Notifications.Where(n => n.SagaId == sagaId).ToListAsync());
        Assert.NotNull(Assert.Single(stored).DeliveredAt);
    }

    /// <summary>A sink that fails its first calls, then keeps what it was given.</summary>
    sealed class RecordingSink(int failuresBeforeSuccess) : INotificationSink
    {
        int attempts;

        public List<Notification> Delivered { get; } = [];

        public int Attempts => Volatile.Read(ref attempts);

        public Task Deliver(Notification notification, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref attempts) <= failuresBeforeSuccess)
                throw new IOException("The mail server is down.");
            lock (Delivered)
                Delivered.Add(notification);
            return Task.CompletedTask;
        }
    }
}
