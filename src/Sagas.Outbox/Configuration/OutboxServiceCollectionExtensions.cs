using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// The transactional outbox on <typeparamref name="TContext"/> (whose model calls <c>AddOutbox()</c>):
    /// <see cref="OutboxMessageDispatcher{TContext}"/> and <see cref="OutboxTimeoutRequests{TContext}"/> as scoped services
    /// for the host to map to <c>IMessageDispatcher</c> and <c>ITimeoutRequests</c>; the relay as a hosted service, woken
    /// by an interceptor on the context when a commit wrote rows; <see cref="OutboxOptions"/> (section <c>Outbox</c>,
    /// validated at start); the readiness check <c>outbox-&lt;context&gt;</c> (tag <c>ready</c>); the <c>Sagas.Outbox</c>
    /// meter; and the Kafka clients the relay produces with. Timeout rows also need <c>AddKafkaScheduling</c>.
    /// </summary>
    public static IServiceCollection AddTransactionalOutbox<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.AddOptions<TopicOptions>().Bind(configuration.GetSection(TopicOptions.Section));
        services.AddKafkaClients();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxMetrics>();

        services.TryAddSingleton<OutboxSignal<TContext>>();
        services.TryAddSingleton<OutboxCommitInterceptor<TContext>>();
        services.ConfigureDbContext<TContext>((provider, builder) => builder.AddInterceptors(provider.GetRequiredService<OutboxCommitInterceptor<TContext>>()));

        services.TryAddScoped<OutboxMessageDispatcher<TContext>>();
        services.TryAddScoped<OutboxTimeoutRequests<TContext>>();

        services.TryAddSingleton<OutboxRelayStatus<TContext>>();
        services.AddHostedService<OutboxRelay<TContext>>();
        services.AddHealthChecks().AddCheck<OutboxHealthCheck<TContext>>($"outbox-{typeof(TContext).Name}", tags: ["ready", "outbox"]);
        return services;
    }
}
