using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Inventory;
using Sagas.Hosting.Services;
using Sagas.Hosting.Workers;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Outbox;

namespace Sagas.Inventory;

/// <summary>Stock levels and each order's reservation, in its own database. It serves <c>/api/inventory</c>.</summary>
public sealed class InventoryModule : WorkerService
{
    public override string Name => InventoryDbContext.Service;

    public override IReadOnlyList<WorkerRole> Roles => [WorkerRole.Inventory];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOwnDatabase<InventoryDbContext>(InventoryDbContext.Service);
        services.AddScoped<InventoryService>();
        services.AddScoped<StockReservations>();
    }

    protected override IReadOnlyList<(Type Consumer, Type Command)> ConsumersOf(WorkerRole role) =>
    [
        (typeof(ReserveStockConsumer), typeof(ReserveStock)), (typeof(ReleaseStockConsumer), typeof(ReleaseStock)),
        (typeof(SellStockConsumer), typeof(SellStock)),
    ];

    // Batches update stock levels other batches update too: they take turns in the process.
    protected override void UseUnitOfWork(IKafkaTopicEndpointConfigurator endpoint) =>
        endpoint.UseDbContextUnitOfWork<InventoryDbContext>(oneBatchAtATime: true);

    public override void MapApi(IEndpointRouteBuilder app) => app.MapInventoryApi();
}
