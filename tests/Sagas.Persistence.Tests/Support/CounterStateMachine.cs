using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Persistence.Tests.Support;

public sealed record StartCounting(Guid CorrelationId);

public sealed record Increment(Guid CorrelationId, string Note = "");

public sealed record FinishCounting(Guid CorrelationId);

/// <summary>Finalizes the saga, which MassTransit then treats as completed (and would delete).</summary>
public sealed record CloseCounter(Guid CorrelationId);

/// <summary>Writes an audit row through the consume scope's DbContext, then fails on the first <paramref name="FailingAttempts"/> attempts.</summary>
public sealed record Audit(Guid CorrelationId, string Note, int FailingAttempts = 0)
{
    public const int Always = int.MaxValue;
}

/// <summary>The failure an audit is told to have; the test host retries it (and nothing else) twice.</summary>
public sealed class AuditFailedException(string message) : Exception(message);

/// <summary>
/// A counter saga small enough to reason about: any increment can start it, every increment counts and leaves a
/// mark (a JSON column), audits write a second entity into the same DbContext.
/// </summary>
public sealed class CounterStateMachine : MassTransitStateMachine<CounterSaga>
{
    public CounterStateMachine()
    {
        InstanceState(saga => saga.CurrentState);

        Event(() => Started, e => e.CorrelateById(context => context.Message.CorrelationId));
        Event(() => Incremented, e => e.CorrelateById(context => context.Message.CorrelationId));
        Event(() => Finished, e => e.CorrelateById(context => context.Message.CorrelationId));
        Event(() => Audited, e => e.CorrelateById(context => context.Message.CorrelationId));
        Event(() => Closed, e => e.CorrelateById(context => context.Message.CorrelationId));

        Initially(
            When(Started).TransitionTo(Counting),
            When(Incremented).Then(context => context.Saga.Count(context.Message.Note)).TransitionTo(Counting),
            When(Closed).Finalize());

        During(Counting,
            Ignore(Started),
            When(Incremented).Then(context => context.Saga.Count(context.Message.Note)),
            When(Audited)
                .Then(context =>
                {
                    var db = context.GetPayload<IServiceProvider>().GetRequiredService<CounterDbContext>();
                    db.AuditEntries.Add(new AuditEntry { Id = Guid.NewGuid(), SagaId = context.Saga.CorrelationId, Note = context.Message.Note });
                    context.Saga.LastAudit = context.Message.Note;
                })
                .Then(context =>
                {
                    if (context.GetRetryAttempt() < context.Message.FailingAttempts)
                        throw new AuditFailedException("The activity after the audit failed.");
                }),
            When(Finished).TransitionTo(Done),
            When(Closed).Finalize());

        SetCompletedWhenFinalized();
    }

    public State Counting { get; private set; } = null!;

    public State Done { get; private set; } = null!;

    public Event<StartCounting> Started { get; private set; } = null!;

    public Event<Increment> Incremented { get; private set; } = null!;

    public Event<FinishCounting> Finished { get; private set; } = null!;

    public Event<Audit> Audited { get; private set; } = null!;

    public Event<CloseCounter> Closed { get; private set; } = null!;
}
