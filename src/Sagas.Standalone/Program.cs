using MassTransit;
using Sagas.Messaging;
using Sagas.Orchestrator.Hosting;
using Sagas.Workers;

var builder = WebApplication.CreateBuilder(args);

builder.AddOrchestrator();
builder.Services.AddWorkers(builder.Configuration);
builder.Services.AddScoped<IMessageDispatcher, BusMessageDispatcher>();
builder.Services.AddMassTransit(bus =>
{
    bus.AddOrchestratorSagas();
    bus.AddWorkerConsumers(WorkerRoles.FromConfiguration(builder.Configuration));
    bus.AddDelayedMessageScheduler();
    bus.UsingInMemory((context, transport) =>
    {
        transport.UseDelayedMessageScheduler();
        transport.ConfigureEndpoints(context);
    });
});

var app = builder.Build();
app.MapOrchestratorApi();
app.Run();

/// <summary>The standalone host: the orchestrator and every worker in one process.</summary>
public partial class Program;
