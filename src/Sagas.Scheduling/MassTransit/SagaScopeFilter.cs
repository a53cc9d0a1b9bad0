using MassTransit;

namespace Sagas.Scheduling.MassTransit;

/// <summary>
/// Runs inside the saga repository, where the message's scope (and the saga's transaction) exist, and points the
/// message's <see cref="TimeoutRequestScope"/> at that scope.
/// </summary>
internal sealed class SagaScopeFilter<TSaga> : IFilter<SagaConsumeContext<TSaga>>
    where TSaga : class, ISaga
{
    public Task Send(SagaConsumeContext<TSaga> context, IPipe<SagaConsumeContext<TSaga>> next)
    {
        if (context.TryGetPayload<TimeoutRequestScope>(out var scope) && context.TryGetPayload<IServiceProvider>(out var services))
            scope.Services = services;
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("timeout-request-scope");
}

/// <summary>Adds <see cref="SagaScopeFilter{TSaga}"/> to every saga configured on the endpoint, whenever it is configured.</summary>
internal sealed class SagaScopeObserver : ISagaConfigurationObserver
{
    public void SagaConfigured<TSaga>(ISagaConfigurator<TSaga> configurator)
        where TSaga : class, ISaga =>
        configurator.UseFilter(new SagaScopeFilter<TSaga>());

    public void StateMachineSagaConfigured<TInstance>(ISagaConfigurator<TInstance> configurator, SagaStateMachine<TInstance> stateMachine)
        where TInstance : class, ISaga, SagaStateMachineInstance
    {
    }

    public void SagaMessageConfigured<TSaga, TMessage>(ISagaMessageConfigurator<TSaga, TMessage> configurator)
        where TSaga : class, ISaga
        where TMessage : class
    {
    }
}
