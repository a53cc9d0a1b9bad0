using MassTransit;
using Microsoft.Extensions.Options;
using Sagas.Contracts.Fraud;
using Sagas.Contracts.Ledger;
using Sagas.Contracts.Transfers;
using Sagas.Messaging;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Orchestrator.Transfers;

/// <summary>
/// Moves money between two accounts: fraud check, debit, credit. A credit that fails or times out is
/// compensated by refunding the debit; a money step that times out is first fenced at the ledger, so a late
/// command can never move money after the saga gave up on it.
/// </summary>
public sealed class TransferStateMachine : TrackedStateMachine<TransferState>
{
    public const string SagaType = "transfer";

    public TransferStateMachine(IOptions<TransferOptions> options, IOptions<TopicOptions> topics, TimeProvider clock)
        : base(clock, topics.Value, SagaType, TerminalStates)
    {
        var maxCompensationAttempts = options.Value.MaxCompensationAttempts;

        CorrelatedEvent(() => TransferRequested);
        CorrelatedEvent(() => FraudCheckPassed);
        CorrelatedEvent(() => FraudCheckFailed);
        CorrelatedEvent(() => AccountDebited);
        CorrelatedEvent(() => DebitRejected);
        CorrelatedEvent(() => AccountCredited);
        CorrelatedEvent(() => CreditRejected);
        CorrelatedEvent(() => CreditVoided);
        CorrelatedEvent(() => DebitRefunded);
        CorrelatedEvent(() => Resumed);

        Schedule(() => StepTimeout, x => x.StepTimeoutTokenId, s =>
        {
            s.Delay = options.Value.StepTimeout;
            s.Received = r => r.CorrelateById(m => m.Message.CorrelationId);
        });

        Initially(
            When(TransferRequested)
                .Then(context =>
                {
                    context.Saga.FromAccountId = context.Message.FromAccountId;
                    context.Saga.ToAccountId = context.Message.ToAccountId;
                    context.Saga.Amount = context.Message.Amount;
                    context.Saga.Currency = context.Message.Currency;
                })
                .Send(WorkerOf<CheckFraud>(), CheckFraudCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Screening));

        During(Screening,
            When(Resumed).Send(WorkerOf<CheckFraud>(), CheckFraudCommand),
            When(FraudCheckPassed)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<DebitAccount>(), DebitAccountCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Debiting),
            When(FraudCheckFailed)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Finish(Rejected, SagaType, Notifications),
            When(StepTimeout.Received)
                .Because(_ => "The fraud check timed out.")
                .Finish(Failed, SagaType, Notifications));

        During(Debiting,
            When(Resumed).Send(WorkerOf<DebitAccount>(), DebitAccountCommand),
            When(AccountDebited)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<CreditAccount>(), CreditAccountCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Crediting),
            When(DebitRejected)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Finish(Failed, SagaType, Notifications),
            When(StepTimeout.Received)
                .Because(_ => "The debit timed out.")
                .Send(WorkerOf<RefundDebit>(), RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(VoidingDebit));

        During(Crediting,
            When(Resumed).Send(WorkerOf<CreditAccount>(), CreditAccountCommand),
            When(AccountCredited)
                .Unschedule(StepTimeout)
                .Finish(Completed, SagaType, Notifications),
            When(CreditRejected)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Send(WorkerOf<RefundDebit>(), RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Refunding),
            When(StepTimeout.Received)
                .Because(_ => "The credit timed out.")
                .Send(WorkerOf<VoidCredit>(), VoidCreditCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(VoidingCredit));

        During(VoidingCredit,
            When(Resumed).Send(WorkerOf<VoidCredit>(), VoidCreditCommand),
            When(CreditVoided, context => context.Message.Outcome == CreditVoidOutcome.Kept)
                .Unschedule(StepTimeout)
                .Because(_ => "The credit timed out but had applied, so the transfer went through.")
                .Finish(Completed, SagaType, Notifications),
            When(CreditVoided, context => context.Message.Outcome != CreditVoidOutcome.Kept)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<RefundDebit>(), RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Refunding),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, WorkerOf<VoidCredit>(), VoidCreditCommand));

        During(VoidingDebit, Refunding,
            When(Resumed).Send(WorkerOf<RefundDebit>(), RefundDebitCommand));

        During(VoidingDebit,
            When(DebitRefunded, context => context.Message.DebitWasApplied)
                .Unschedule(StepTimeout)
                .Finish(Compensated, SagaType, Notifications),
            When(DebitRefunded, context => !context.Message.DebitWasApplied)
                .Unschedule(StepTimeout)
                .Finish(Failed, SagaType, Notifications),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, WorkerOf<RefundDebit>(), RefundDebitCommand));

        During(Refunding,
            When(DebitRefunded)
                .Unschedule(StepTimeout)
                .Finish(Compensated, SagaType, Notifications),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, WorkerOf<RefundDebit>(), RefundDebitCommand));
    }

    public State Screening { get; private set; } = null!;
    public State Debiting { get; private set; } = null!;
    public State Crediting { get; private set; } = null!;
    public State VoidingDebit { get; private set; } = null!;
    public State VoidingCredit { get; private set; } = null!;
    public State Refunding { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Compensated { get; private set; } = null!;

    public Event<TransferRequested> TransferRequested { get; private set; } = null!;
    public Event<FraudCheckPassed> FraudCheckPassed { get; private set; } = null!;
    public Event<FraudCheckFailed> FraudCheckFailed { get; private set; } = null!;
    public Event<AccountDebited> AccountDebited { get; private set; } = null!;
    public Event<DebitRejected> DebitRejected { get; private set; } = null!;
    public Event<AccountCredited> AccountCredited { get; private set; } = null!;
    public Event<CreditRejected> CreditRejected { get; private set; } = null!;
    public Event<CreditVoided> CreditVoided { get; private set; } = null!;
    public Event<DebitRefunded> DebitRefunded { get; private set; } = null!;
    public Event<ResumeTransfer> Resumed { get; private set; } = null!;

    public Schedule<TransferState, TransferStepTimedOut> StepTimeout { get; private set; } = null!;

    /// <summary>The states a transfer ends in; it never leaves them.</summary>
    public static IReadOnlySet<string> TerminalStates { get; } =
        new HashSet<string>([nameof(Completed), nameof(Rejected), nameof(Failed), nameof(Compensated)]);

    protected override SagaSubject Subject(TransferState saga) => new(saga.FromAccountId, saga.ToAccountId, saga.Amount, saga.Currency, []);

    static TransferStepTimedOut TimedOut<T>(BehaviorContext<TransferState, T> context)
        where T : class => new(context.Saga.CorrelationId);

    static CheckFraud CheckFraudCommand<T>(BehaviorContext<TransferState, T> context)
        where T : class => new(context.Saga.CorrelationId, context.Saga.FromAccountId, context.Saga.ToAccountId, context.Saga.Amount,
        context.Saga.Currency);

    static DebitAccount DebitAccountCommand<T>(BehaviorContext<TransferState, T> context)
        where T : class => new(context.Saga.CorrelationId, context.Saga.FromAccountId, context.Saga.Amount, context.Saga.Currency);

    static CreditAccount CreditAccountCommand<T>(BehaviorContext<TransferState, T> context)
        where T : class => new(context.Saga.CorrelationId, context.Saga.ToAccountId, context.Saga.Amount, context.Saga.Currency);

    static RefundDebit RefundDebitCommand<T>(BehaviorContext<TransferState, T> context)
        where T : class => new(context.Saga.CorrelationId);

    static VoidCredit VoidCreditCommand<T>(BehaviorContext<TransferState, T> context)
        where T : class => new(context.Saga.CorrelationId);
}
