using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Sagas.Orchestrator.Api;
using Sagas.Orchestrator.Data;
using Sagas.Orchestrator.Idempotency;
using Sagas.Orchestrator.Observability;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Sagas;
using Sagas.Orchestrator.Transfers;
using Sagas.Kafka.Outages;
using Sagas.Outbox;
using Sagas.Persistence;
using Sagas.Persistence.Sagas;
using Sagas.Scheduling;
using Sagas.Workers.Hosting;

namespace Sagas.Orchestrator.Hosting;

public static class OrchestratorExtensions
{
    /// <summary>The orchestrator's options, database, HTTP API services and health checks.</summary>
    public static IHostApplicationBuilder AddOrchestrator(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TransferOptions>().BindConfiguration(TransferOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddServiceDatabase<OrchestratorDbContext>(OrchestratorDbContext.Service);
        services.AddInboxCleanup<OrchestratorDbContext>();
        services.AddScoped<IdempotentRequests>();
        services.AddScoped(typeof(SagaReader<>));
        services.AddSagaInstrumentation();

        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<OrchestratorDbContext>>("orchestrator-database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// What the orchestrator's sagas send and schedule goes into the outbox of its database and commits with the change
    /// that caused it; committed records are produced at once, and Quartz sweeps the outbox for due timeouts and for
    /// records no process produced. The API's requests to its sagas and the start-up resume send through it too.
    /// </summary>
    public static IHostApplicationBuilder AddOrchestratorOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransactionalOutbox<OrchestratorDbContext>(builder.Configuration);
        builder.Services.AddOutboxScheduling<OrchestratorDbContext>(builder.Configuration);
        // Requests to the sagas from outside a transition (cancel, resume) go through the outbox too.
        builder.Services.AddScoped<SagaRequests>();
        builder.Services.AddOptions<RecoveryOptions>().BindConfiguration(RecoveryOptions.Section);
        builder.Services.AddHostedService<StartupResume>();
        return builder;
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

    /// <summary>The HTTP API: transfers, orders, saga inspection, ledger and inventory administration, OpenAPI (health is <c>MapSagasObservability</c>'s).</summary>
    public static WebApplication MapOrchestratorApi(this WebApplication app)
    {
        // Unreadable bodies (bad JSON, unknown fields, numbers out of range) are the client's fault: 400, not 500. A
        // database or cluster that is down is no one's fault and passes: 503, to be tried again.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when TransientFailure.IsTransient(exception) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapTransfersApi();
        app.MapOrdersApi();
        app.MapSagasApi();
        app.MapAccountsApi();
        app.MapInventoryApi();
        return app;
    }
}
