using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sagas.Persistence.Sagas;

/// <summary>Registers our EF Core saga repository for a saga, like MassTransit's own repositories.</summary>
public static class EntityFrameworkSagaRepositoryExtensions
{
    /// <summary>
    /// Keeps <typeparamref name="TSaga"/> in <typeparamref name="TContext"/> (which must map it, see
    /// <see cref="SagaClassMap{TSaga}"/>), with the atomicity and locking described on
    /// <see cref="EntityFrameworkSagaRepositoryContextFactory{TContext,TSaga}"/>. Also serves MassTransit's
    /// <c>ILoadSagaRepository</c> and <c>IQuerySagaRepository</c> for the saga. When the context maps the inbox
    /// (<see cref="Inbox.InboxModel.AddInbox"/>), a message the saga already processed is skipped.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> EntityFrameworkRepository<TSaga, TContext>(this ISagaRegistrationConfigurator<TSaga> saga)
        where TSaga : class, ISaga
        where TContext : DbContext =>
        saga.Repository(services =>
        {
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<SagaStartingMessages<TSaga>>();
            services.TryAddScoped<SagaBatch>();
            services.RegisterLoadSagaRepository<TSaga, EntityFrameworkSagaRepositoryContextFactory<TContext, TSaga>>();
            services.RegisterQuerySagaRepository<TSaga, EntityFrameworkSagaRepositoryContextFactory<TContext, TSaga>>();
            services.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>,
                EntityFrameworkSagaRepositoryContextFactory<TContext, TSaga>>();
        });
}
