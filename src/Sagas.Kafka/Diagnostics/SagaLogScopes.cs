using MassTransit;
using Microsoft.Extensions.Logging;

namespace Sagas.Kafka.Diagnostics;

/// <summary>
/// Puts every saga on a topic endpoint inside a log scope with its type and id while it handles a message, so
/// each line its activities, repository and our own code write says which saga it is about.
/// </summary>
internal sealed class SagaLogScopes(ILogger logger) : ISagaConfigurationObserver
{
    public const string Category = "Sagas.Kafka.Sagas";

    public void SagaConfigured<TSaga>(ISagaConfigurator<TSaga> configurator)
        where TSaga : class, ISaga =>
        configurator.UseFilter(new SagaLogScopeFilter<TSaga>(logger));

    /// <summary>Nothing more: <see cref="SagaConfigured{TSaga}"/> is called for state machine sagas too.</summary>
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
