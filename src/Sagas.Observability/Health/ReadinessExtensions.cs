using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Observability.Health;

public static class ReadinessExtensions
{
    /// <summary>The <see cref="ReadinessGate"/>, the service that opens it, and <see cref="ReadinessOptions"/> (section <c>Readiness</c>).</summary>
    public static IServiceCollection AddSagasReadiness(this IServiceCollection services)
    {
        services.AddOptions<ReadinessOptions>().BindConfiguration(ReadinessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReadinessGate>();
        services.AddHostedService<ReadinessGateService>();
        services.AddHealthChecks();
        return services;
    }
}
