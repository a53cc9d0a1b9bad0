using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Hosting.Services;
using Sagas.Orchestrator.Api;
using Sagas.Kafka;
using Sagas.Orchestrator.Data;
using Sagas.Orchestrator.DeadLetters;
using Sagas.Orchestrator.Idempotency;
using Sagas.Orchestrator.Observability;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Sagas;
using Sagas.Orchestrator.Transfers;
using Sagas.Outbox;
using Sagas.Persistence;
using Sagas.Persistence.Sagas;
using Sagas.Scheduling;

namespace Sagas.Orchestrator.Hosting;

public static class OrchestratorExtensions
{
    /// <summary>The orchestrator's options, database, the API's services and the readiness check.</summary>
    public static IServiceCollection AddOrchestrator(this IServiceCollection services)
    {
        services.AddOptions<TransferOptions>().BindConfiguration(TransferOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOwnDatabase<OrchestratorDbContext>(OrchestratorDbContext.Service);
        services.AddInboxCleanup<OrchestratorDbContext>();
        services.AddScoped<IdempotentRequests>();
        services.AddScoped(typeof(SagaReader<>));
        services.AddSagaInstrumentation();
        return services;
    }

    /// <summary>
    /// What the orchestrator's sagas send and schedule goes into the outbox of its database and commits with the change
    /// that caused it; committed records are produced at once, and Quartz sweeps the outbox for due timeouts and for
    /// records no process produced. The API's requests to its sagas, the start-up resume and dead-letter redrives send through it too.
    /// </summary>
    public static IServiceCollection AddOrchestratorOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTransactionalOutbox<OrchestratorDbContext>(configuration);
        services.AddOutboxScheduling<OrchestratorDbContext>(configuration);
        // Requests to the sagas from outside a transition (cancel, resume) go through the outbox too.
        services.AddScoped<SagaRequests>();
        // The dead-letter desk redrives through the outbox; its reader reads the cluster the rider talks to.
        services.AddScoped<DeadLetterDesk>();
        services.AddDeadLetterReader();
        services.AddOptions<RecoveryOptions>().BindConfiguration(RecoveryOptions.Section);
        services.AddHostedService<StartupResume>();
        return services;
    }

    /// <summary>Both state machines, with their endpoint policy, kept in the orchestrator's database.</summary>
    public static IBusRegistrationConfigurator AddOrchestratorSagas(this IBusRegistrationConfigurator bus)
    {
        bus.AddSagaStateMachine<TransferStateMachine, TransferState, SagaEndpointDefinition<TransferState>>()
            .EntityFrameworkRepository<TransferState, OrchestratorDbContext>();
        bus.AddSagaStateMachine<OrderStateMachine, OrderState, SagaEndpointDefinition<OrderState>>()
            .EntityFrameworkRepository<OrderState, OrchestratorDbContext>();
        return bus;
    }

    /// <summary>The orchestrator's HTTP API: transfers, orders, saga inspection and the dead-letter topics.</summary>
    public static IEndpointRouteBuilder MapOrchestratorApi(this IEndpointRouteBuilder app)
    {
        app.MapTransfersApi();
        app.MapOrdersApi();
        app.MapSagasApi();
        app.MapDeadLettersApi();
        return app;
    }
}
