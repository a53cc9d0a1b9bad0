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

/// <summary>
/// Stock levels, each order's reservation and the log of stock movements, in its own database. It serves
/// <c>/api/inventory</c> and publishes each movement on <c>inventory.events</c> through its outbox.
/// </summary>
public sealed class InventoryModule : WorkerService
{
    public override string Name => InventoryDbContext.Service;

    public override IReadOnlyList<WorkerRole> Roles => [WorkerRole.Inventory];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOwnDatabase<InventoryDbContext>(InventoryDbContext.Service);
        services.AddTransactionalOutbox<InventoryDbContext>(configuration);
        services.AddOutboxSweepLoop<InventoryDbContext>();
        services.AddScoped<InventoryService>();
        services.AddScoped<StockMovementLog>();
        services.AddScoped<StockReservations>();
    }

    protected override IReadOnlyList<(Type Consumer, Type Command)> ConsumersOf(WorkerRole role) =>
    [
        (typeof(ReserveStockConsumer), typeof(ReserveStock)), (typeof(ReleaseStockConsumer), typeof(ReleaseStock)),
        (typeof(SellStockConsumer), typeof(SellStock)),
    ];

    public override void AddEndpoints(IKafkaFactoryConfigurator kafka, IRiderRegistrationContext context, TopicOptions topics,
        IReadOnlyList<WorkerRole> roles)
    {
        base.AddEndpoints(kafka, context, topics, roles);
        kafka.Topic(topics.InventoryEvents);
    }

    // Batches update stock levels other batches update too: they take turns in the process.
    protected override void UseUnitOfWork(IKafkaTopicEndpointConfigurator endpoint) =>
        endpoint.UseDbContextUnitOfWork<InventoryDbContext>(oneBatchAtATime: true);

    public override void MapApi(IEndpointRouteBuilder app) => app.MapInventoryApi();
}
