using MassTransit;

namespace Sagas.Scheduling.MassTransit;

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
