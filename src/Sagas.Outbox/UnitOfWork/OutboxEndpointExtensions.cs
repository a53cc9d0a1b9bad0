using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Outbox.Sending;
using Sagas.Outbox.UnitOfWork;
using Sagas.Persistence;
using Sagas.Persistence.Sagas;

namespace Sagas.Outbox;

public static class OutboxEndpointExtensions
{
    static readonly ConcurrentDictionary<Type, SemaphoreSlim> Gates = new();

    /// <summary>
    /// Runs each batch of the endpoint's records as one transaction of the scope's <typeparamref name="TContext"/>, which
    /// every handler of the batch shares; what they send is produced after the commit. With
    /// <paramref name="oneBatchAtATime"/>, batches on this database take turns in the process: for handlers that update
    /// shared rows (account balances, stock), where two batches could each hold a row the other waits for.
    /// </summary>
    public static void UseDbContextUnitOfWork<TContext>(this IKafkaTopicEndpointConfigurator endpoint, bool oneBatchAtATime = false)
        where TContext : DbContext
    {
        var gate = oneBatchAtATime ? Gates.GetOrAdd(typeof(TContext), _ => new SemaphoreSlim(1, 1)) : null;
        endpoint.UseBatchUnitOfWork(scope => new DbContextUnitOfWork<TContext>(scope.GetRequiredService<TContext>(),
            scope.GetService<SagaBatch>() ?? new SagaBatch(), scope.GetRequiredService<IOptions<PersistenceOptions>>().Value.LockTimeout, gate));
    }

    /// <summary>
    /// The endpoint's handlers (sagas) send and schedule through the outbox of <typeparamref name="TContext"/>: a send to
    /// a <c>topic:</c> address and a <c>Schedule</c> become rows in the same transaction as the rest of their work, each
    /// batch of records being one such transaction (<see cref="UseDbContextUnitOfWork{TContext}"/>). Needs
    /// <see cref="OutboxServiceCollectionExtensions.AddTransactionalOutbox{TContext}"/>.
    /// </summary>
    public static void UseTransactionalOutbox<TContext>(this IKafkaTopicEndpointConfigurator endpoint, IRegistrationContext context)
        where TContext : DbContext
    {
        endpoint.UseDbContextUnitOfWork<TContext>();
        endpoint.UseFilter(new OutboxConsumeFilter<TContext>(context));
    }
}
