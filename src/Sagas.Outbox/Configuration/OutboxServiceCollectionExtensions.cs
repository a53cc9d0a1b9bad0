using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Outbox.Delivery;
using Sagas.Outbox.Sending;

namespace Sagas.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// The transactional outbox on <typeparamref name="TContext"/> (whose model calls <c>AddOutbox()</c>): the scoped
    /// writer that topic endpoints with <c>UseTransactionalOutbox</c> and <see cref="OutboxSendEndpoints{TContext}"/> write
    /// rows with; the publisher that produces committed rows at once (woken by an interceptor on the context) and its
    /// hosted service; the <see cref="OutboxSweeper{TContext}"/> for whatever is due and unproduced (a scheduler calls it);
    /// <see cref="OutboxOptions"/> (section <c>Outbox</c>, validated at start); the readiness check
    /// <c>outbox-&lt;context&gt;</c> (backlog) and <c>outbox-relay-&lt;context&gt;</c> (delivery runs here) (tag <c>ready</c>);
    /// the <c>Sagas.Outbox</c> meter; and the Kafka clients.
    /// </summary>
    public static IServiceCollection AddTransactionalOutbox<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.AddKafkaClients();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxMetrics>();

        services.TryAddSingleton<OutboxDeliveryStatus<TContext>>();
        services.TryAddSingleton<OutboxSettlement<TContext>>();
        services.TryAddSingleton<OutboxPublisher<TContext>>();
        services.TryAddSingleton<OutboxSweeper<TContext>>();
        services.TryAddSingleton<OutboxCommitInterceptor<TContext>>();
        services.ConfigureDbContext<TContext>((provider, builder) => builder.AddInterceptors(provider.GetRequiredService<OutboxCommitInterceptor<TContext>>()));

        services.TryAddScoped<OutboxWriter<TContext>>();
        services.TryAddScoped<OutboxSendEndpoints<TContext>>();

        services.AddHostedService<OutboxDeliveryService<TContext>>();
        // The backlog only guards start-up ("startup"): once the host was ready, a backlog is what it is there to work off.
        services.AddHealthChecks()
            .AddCheck<OutboxHealthCheck<TContext>>($"outbox-{typeof(TContext).Name}", tags: ["ready", "outbox", "startup"])
            .AddCheck<OutboxRelayHealthCheck<TContext>>($"outbox-relay-{typeof(TContext).Name}", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Sweeps the outbox of <typeparamref name="TContext"/> (registered with
    /// <see cref="AddTransactionalOutbox{TContext}"/>) on a timer in this process, every <see cref="OutboxOptions.SweepInterval"/>:
    /// for a service that only sends now (a worker's events), where Quartz would be a job store for one timer.
    /// </summary>
    public static IServiceCollection AddOutboxSweepLoop<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddHostedService<OutboxSweepLoop<TContext>>();
        return services;
    }
}
