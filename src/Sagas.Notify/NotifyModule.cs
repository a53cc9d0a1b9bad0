using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagas.Contracts.Notifications;
using Sagas.Hosting.Services;
using Sagas.Hosting.Workers;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Outbox;

namespace Sagas.Notify;

/// <summary>
/// Notifications, recorded once per saga and state in its own database and handed to the sink (the logging sink
/// unless the host registered another).
/// </summary>
public sealed class NotifyModule : WorkerService
{
    public override string Name => NotifyDbContext.Service;

    public override IReadOnlyList<WorkerRole> Roles => [WorkerRole.Notify];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOwnDatabase<NotifyDbContext>(NotifyDbContext.Service);
        services.AddScoped<Notifications>();
        services.TryAddSingleton<INotificationSink, LoggingNotificationSink>();
    }

    protected override IReadOnlyList<(Type Consumer, Type Command)> ConsumersOf(WorkerRole role) =>
        [(typeof(SendNotificationConsumer), typeof(SendNotification))];

    protected override void UseUnitOfWork(IKafkaTopicEndpointConfigurator endpoint) =>
        endpoint.UseDbContextUnitOfWork<NotifyDbContext>();
}
