using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Persistence;

namespace Sagas.Hosting;

public static class DistributedHostExtensions
{
    /// <summary>Configuration section bound to <see cref="HostOptions"/> (<c>Host:ShutdownTimeout</c> and the rest).</summary>
    public const string HostSection = "Host";

    /// <summary>Longer than the Kafka rider's default drain (30 s), shorter than compose's stop_grace_period (60 s).</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// What a process of the distributed deployment adds to its composition (the standalone host does not): it refuses
    /// to start without a Kafka cluster or, when it <paramref name="keepsData"/> on a database server, without connection
    /// strings, and it waits on SIGTERM long enough for the Kafka rider to drain.
    /// </summary>
    public static IHostApplicationBuilder AddDistributedHost(this IHostApplicationBuilder builder, bool keepsData)
    {
        if (keepsData)
            ServerConnectionStringsRequired.ThrowIfNoneConfigured(builder.Configuration);
        var services = builder.Services;
        services.AddOptions<HostOptions>().Configure(options => options.ShutdownTimeout = DefaultShutdownTimeout).BindConfiguration(HostSection);
        services.AddSingleton<IValidateOptions<KafkaOptions>, DistributedKafkaRequirements>();
        services.AddSingleton<IValidateOptions<PersistenceOptions>, ServerConnectionStringsRequired>();
        return builder;
    }
}
