using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Hosting.Services;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Orchestrator.Hosting;

/// <summary>
/// The orchestrator: the transfer and order sagas with their outbox and timeouts, idempotency keys, and the API that
/// starts and shows sagas. It knows the other services only by their contracts and command topics.
/// </summary>
public sealed class OrchestratorModule : ServiceModule
{
    public override string Name => Data.OrchestratorDbContext.Service;

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrchestrator();
        services.AddOrchestratorOutbox(configuration);
    }

    public override void AddConsumers(IBusRegistrationConfigurator bus, IReadOnlyList<WorkerRole> roles) => bus.AddOrchestratorSagas();

    public override void AddEndpoints(IKafkaFactoryConfigurator kafka, IRiderRegistrationContext context, TopicOptions topics,
        IReadOnlyList<WorkerRole> roles) => kafka.AddOrchestratorEndpoints(context, topics);

    public override void MapApi(IEndpointRouteBuilder app) => app.MapOrchestratorApi();
}
