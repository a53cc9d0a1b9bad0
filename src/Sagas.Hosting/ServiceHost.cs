using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sagas.Hosting.Http;
using Sagas.Hosting.Services;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Observability;

namespace Sagas.Hosting;

/// <summary>
/// Composes services into one process: their registrations, one bus with their consumers and sagas, one Kafka rider
/// with their topic endpoints, and one HTTP API with their endpoints, health and metrics.
/// </summary>
public static class ServiceHost
{
    /// <summary>A process of the distributed deployment running <paramref name="services"/>: <c>dotnet X.dll [migrate]</c>.</summary>
    public static Task<int> RunAsync(string hostName, string[] args, IReadOnlyList<ServiceModule> services) =>
        HostCommandLine.RunAsync(hostName, $"runs the {string.Join(", ", services.Select(service => service.Name))} service{(services.Count == 1 ? "" : "s")}",
            args, arguments => BuildDistributed(hostName, arguments, services), [.. services.SelectMany(service => service.Verbs)]);

    /// <summary>The application <see cref="RunAsync"/> runs.</summary>
    public static WebApplication BuildDistributed(string hostName, string[] args, IReadOnlyList<ServiceModule> services)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSagasObservability(hostName);
        var set = ServiceSet.FromConfiguration(builder.Configuration, services);
        builder.AddDistributedHost(set.KeepsData);
        return builder.Build(set);
    }

    /// <summary>Adds <paramref name="services"/> to the builder, builds the application and maps their APIs.</summary>
    public static WebApplication Build(this WebApplicationBuilder builder, ServiceSet services, Action<WebApplicationBuilder>? configure = null)
    {
        builder.AddServices(services);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseServiceApi();
        services.MapApis(app);
        app.MapSagasObservability();
        return app;
    }

    static void AddServices(this WebApplicationBuilder builder, ServiceSet services)
    {
        builder.Services.AddServiceApi();
        builder.Services.AddHostSummaryLines(services.KeepsData);
        services.AddServices(builder.Services, builder.Configuration);
        builder.Services.AddKafkaMessaging();
        builder.Services.AddMassTransit(bus =>
        {
            services.AddConsumers(bus);
            bus.UsingInMemory();
            bus.AddRider(rider => rider.UsingKafka((context, kafka) =>
                services.AddEndpoints(kafka, context, context.GetRequiredService<IOptions<TopicOptions>>().Value)));
        });
    }
}
