using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Shipping;
using Sagas.Hosting.Services;
using Sagas.Hosting.Workers;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Outbox;

namespace Sagas.Shipping;

/// <summary>Shipments, one per order, in its own database.</summary>
public sealed class ShippingModule : WorkerService
{
    public override string Name => ShippingDbContext.Service;

    public override IReadOnlyList<WorkerRole> Roles => [WorkerRole.Shipping];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShippingOptions>().BindConfiguration(ShippingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOwnDatabase<ShippingDbContext>(ShippingDbContext.Service);
        services.AddScoped<Shipments>();
    }

    protected override IReadOnlyList<(Type Consumer, Type Command)> ConsumersOf(WorkerRole role) =>
        [(typeof(ShipOrderConsumer), typeof(ShipOrder)), (typeof(CancelShipmentConsumer), typeof(CancelShipment))];

    protected override void UseUnitOfWork(IKafkaTopicEndpointConfigurator endpoint) =>
        endpoint.UseDbContextUnitOfWork<ShippingDbContext>();
}
