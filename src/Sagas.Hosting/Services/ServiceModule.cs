using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Hosting.Services;

/// <summary>
/// One service of the platform as a host composes it: what it registers, what it consumes and on which topics, and the
/// HTTP endpoints of the data it owns. A service knows no other service's code; hosts put several in one process.
/// </summary>
public abstract class ServiceModule
{
    /// <summary>The service's name: its database, schema and consumer groups are named after it.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the service keeps data in a database of its own (every one but fraud does).</summary>
    public virtual bool KeepsData => true;

    /// <summary>The worker roles (command topics) the service consumes; none for the orchestrator.</summary>
    public virtual IReadOnlyList<WorkerRole> Roles => [];

    /// <summary>Options, database, domain services and readiness checks.</summary>
    public abstract void AddServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Consumers or sagas of <paramref name="roles"/>, those of its <see cref="Roles"/> this host runs.</summary>
    public abstract void AddConsumers(IBusRegistrationConfigurator bus, IReadOnlyList<WorkerRole> roles);

    /// <summary>The Kafka topic endpoints of <paramref name="roles"/>, and the topics it only produces to.</summary>
    public abstract void AddEndpoints(IKafkaFactoryConfigurator kafka, IRiderRegistrationContext context, TopicOptions topics,
        IReadOnlyList<WorkerRole> roles);

    /// <summary>Maintenance commands of the service, run from the command line of any host that runs it; none by default.</summary>
    public virtual IReadOnlyList<IHostVerb> Verbs => [];

    /// <summary>The HTTP endpoints of the data the service owns; none by default.</summary>
    public virtual void MapApi(IEndpointRouteBuilder app)
    {
    }
}
