using MassTransit;
using Sagas.Contracts.Sagas;

namespace Sagas.Orchestrator.Sagas;

/// <summary>
/// Tells the read side about each step of a saga's history, one event per step: SagaStarted for the first, SagaEnded for
/// the step into a terminal state, SagaStepped for the rest. Sent through the transition's consume context, so the
/// event is an outbox row of the transaction that records the step, keyed by the saga, positioned by the step's number.
/// </summary>
public sealed class SagaEventPublisher<TSaga>(string sagaType, IReadOnlySet<string> terminalStates, Uri topic, Func<TSaga, SagaSubject> subject)
    where TSaga : class, ITrackedSaga
{
    public async Task Publish(BehaviorContext<TSaga> context, int number, SagaStep step, SagaStep? previous)
    {
        var saga = context.Saga;
        var took = previous is null ? TimeSpan.Zero : step.At - previous.At;
        var endpoint = await context.GetSendEndpoint(topic);
        if (previous is null)
        {
            var about = subject(saga);
            await endpoint.Send(new SagaStarted
            {
                CorrelationId = saga.CorrelationId, SagaType = sagaType, Step = number, Event = step.Event, State = step.To, At = step.At,
                AccountId = about.AccountId, CounterpartyAccountId = about.CounterpartyAccountId, Amount = about.Amount,
                Currency = about.Currency, Items = about.Items,
            }, context.CancellationToken);
        }
        else if (terminalStates.Contains(step.To))
        {
            await endpoint.Send(new SagaEnded(saga.CorrelationId, sagaType, number, step.Event, step.From, step.To, step.At, took, saga.Reason),
                context.CancellationToken);
        }
        else
        {
            await endpoint.Send(new SagaStepped(saga.CorrelationId, sagaType, number, step.Event, step.From, step.To, step.At, took),
                context.CancellationToken);
        }
    }
}
