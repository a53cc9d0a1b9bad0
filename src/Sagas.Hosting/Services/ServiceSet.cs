using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Hosting.Workers;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Hosting.Services;

/// <summary>
/// The services one process runs, each with the worker roles of it this process runs (<c>Workers:Roles</c>); a service
/// whose roles are all left out is not composed at all, so its database is not even registered.
/// </summary>
public sealed class ServiceSet
{
    readonly IReadOnlyList<(ServiceModule Service, IReadOnlyList<WorkerRole> Roles)> members;

    public ServiceSet(IEnumerable<ServiceModule> services, IReadOnlyList<WorkerRole> roles)
    {
        members = [.. services
            .Select(service => (Service: service, Roles: (IReadOnlyList<WorkerRole>)[.. service.Roles.Intersect(roles)]))
            .Where(member => member.Service.Roles.Count == 0 || member.Roles.Count > 0)];
    }

    /// <summary>The services composed, for logs and tests.</summary>
    public IReadOnlyList<ServiceModule> Services => [.. members.Select(member => member.Service)];

    /// <summary>Whether any of the services keeps data, so the process needs a database.</summary>
    public bool KeepsData => members.Any(member => member.Service.KeepsData);

    /// <summary>The worker roles this process consumes.</summary>
    public IReadOnlyList<WorkerRole> Roles => [.. members.SelectMany(member => member.Roles)];

    /// <summary>The services of <paramref name="services"/> for the roles named in <c>Workers:Roles</c> (all when empty).</summary>
    public static ServiceSet FromConfiguration(IConfiguration configuration, params IEnumerable<ServiceModule> services) =>
        new(services, WorkerRoles.FromConfiguration(configuration));

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        if (Roles.Count > 0)
            services.AddWorkerOptions(configuration);
        foreach (var (service, _) in members)
            service.AddServices(services, configuration);
    }

    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        foreach (var (service, roles) in members)
            service.AddConsumers(bus, roles);
    }

    public void AddEndpoints(IKafkaFactoryConfigurator kafka, IRiderRegistrationContext context, TopicOptions topics)
    {
        foreach (var (service, roles) in members)
            service.AddEndpoints(kafka, context, topics, roles);
    }

    public void MapApis(IEndpointRouteBuilder app)
    {
        foreach (var (service, _) in members)
            service.MapApi(app);
    }
}
