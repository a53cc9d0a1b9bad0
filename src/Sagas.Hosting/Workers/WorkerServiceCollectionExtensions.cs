using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sagas.Hosting.Workers;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>What every worker service's endpoints read: <c>Workers:Roles</c> and the retry policy.</summary>
    public static IServiceCollection AddWorkerOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section)
            .Configure(options => AcceptCommaSeparatedRoles(options, configuration))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    // "Workers:Roles" may be one comma-separated string (an environment variable), which binding leaves unset.
    static void AcceptCommaSeparatedRoles(WorkerOptions options, IConfiguration configuration)
    {
        if (configuration.GetSection(WorkerOptions.Section)[nameof(WorkerOptions.Roles)] is { } commaSeparated)
            options.Roles = [commaSeparated];
    }
}
