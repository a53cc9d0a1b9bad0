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

    public TransferStateMachine(IOptions<TransferOptions> options, TimeProvider clock)
        : base(clock)
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
                .Dispatch(CheckFraudCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Screening));

        During(Screening,
            When(Resumed).Dispatch(CheckFraudCommand),
            When(FraudCheckPassed)
                .Unschedule(StepTimeout)
                .Dispatch(DebitAccountCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Debiting),
            When(FraudCheckFailed)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Finish(Rejected, SagaType),
            When(StepTimeout.Received)
                .Because(_ => "The fraud check timed out.")
                .Finish(Failed, SagaType));

        During(Debiting,
            When(Resumed).Dispatch(DebitAccountCommand),
            When(AccountDebited)
                .Unschedule(StepTimeout)
                .Dispatch(CreditAccountCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Crediting),
            When(DebitRejected)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Finish(Failed, SagaType),
            When(StepTimeout.Received)
                .Because(_ => "The debit timed out.")
                .Dispatch(RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(VoidingDebit));

        During(Crediting,
            When(Resumed).Dispatch(CreditAccountCommand),
            When(AccountCredited)
                .Unschedule(StepTimeout)
                .Finish(Completed, SagaType),
            When(CreditRejected)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Dispatch(RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Refunding),
            When(StepTimeout.Received)
                .Because(_ => "The credit timed out.")
                .Dispatch(VoidCreditCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(VoidingCredit));

        During(VoidingCredit,
            When(Resumed).Dispatch(VoidCreditCommand),
            When(CreditVoided, context => context.Message.Outcome == CreditVoidOutcome.Kept)
                .Unschedule(StepTimeout)
                .Because(_ => "The credit timed out but had applied, so the transfer went through.")
                .Finish(Completed, SagaType),
            When(CreditVoided, context => context.Message.Outcome != CreditVoidOutcome.Kept)
                .Unschedule(StepTimeout)
                .Dispatch(RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Refunding),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, VoidCreditCommand));

        During(VoidingDebit, Refunding,
            When(Resumed).Dispatch(RefundDebitCommand));

        During(VoidingDebit,
            When(DebitRefunded, context => context.Message.DebitWasApplied)
                .Unschedule(StepTimeout)
                .Finish(Compensated, SagaType),
            When(DebitRefunded, context => !context.Message.DebitWasApplied)
                .Unschedule(StepTimeout)
                .Finish(Failed, SagaType),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, RefundDebitCommand));

        During(Refunding,
            When(DebitRefunded)
                .Unschedule(StepTimeout)
                .Finish(Compensated, SagaType),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, RefundDebitCommand));
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
