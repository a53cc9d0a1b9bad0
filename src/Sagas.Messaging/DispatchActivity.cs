using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Messaging;

/// <summary>State-machine activity that sends a message through the orchestrator's dispatcher (<see cref="MessageDispatchers.Orchestrator"/>).</summary>
public sealed class DispatchActivity<TSaga, TEvent, TMessage>(Func<BehaviorContext<TSaga, TEvent>, TMessage> createMessage)
    : IStateMachineActivity<TSaga, TEvent>
    where TSaga : class, SagaStateMachineInstance
    where TEvent : class
    where TMessage : class
{
    public async Task Execute(BehaviorContext<TSaga, TEvent> context, IBehavior<TSaga, TEvent> next)
    {
        var dispatcher = context.GetPayload<IServiceProvider>().GetRequiredKeyedService<IMessageDispatcher>(MessageDispatchers.Orchestrator);
        await dispatcher.Dispatch(createMessage(context), context, context.CancellationToken);
        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<TSaga, TEvent, TException> context, IBehavior<TSaga, TEvent> next)
        where TException : Exception => next.Faulted(context);

    public void Probe(ProbeContext context) => context.CreateScope("dispatch").Add("messageType", typeof(TMessage).Name);

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);
}
