using MassTransit;
using Microsoft.Extensions.Options;
using Sagas.Contracts.Fraud;
using Sagas.Contracts.Inventory;
using Sagas.Contracts.Ledger;
using Sagas.Contracts.Orders;
using Sagas.Contracts.Shipping;
using Sagas.Messaging;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Orchestrator.Orders;

/// <summary>
/// Fulfils an order: fraud check, reserve stock, charge the customer, ship, pay the merchant, sell the reserved
/// stock. Anything that fails after stock is held and before the merchant is paid unwinds in reverse (recall shipment
/// → refund payment → release stock) and ends Cancelled; money steps that time out are fenced at the ledger before
/// they are compensated. Once the merchant is paid the order only goes forward: selling the stock is re-sent until
/// the inventory answers, never compensated.
/// </summary>
public sealed class OrderStateMachine : TrackedStateMachine<OrderState>
{
    public const string SagaType = "order";

    public OrderStateMachine(IOptions<OrderOptions> options, IOptions<TopicOptions> topics, TimeProvider clock)
        : base(clock, topics.Value, SagaType, TerminalStates)
    {
        var maxCompensationAttempts = options.Value.MaxCompensationAttempts;

        CorrelatedEvent(() => OrderSubmitted);
        CorrelatedEvent(() => OrderCancellationRequested);
        CorrelatedEvent(() => FraudCheckPassed);
        CorrelatedEvent(() => FraudCheckFailed);
        CorrelatedEvent(() => StockReserved);
        CorrelatedEvent(() => StockReservationRejected);
        CorrelatedEvent(() => StockReleased);
        // No state handles it (no release is ever asked for once the stock may be sold); declared so one is logged and dropped.
        CorrelatedEvent(() => StockReleaseRejected);
        CorrelatedEvent(() => StockSold);
        CorrelatedEvent(() => StockSaleRejected);
        CorrelatedEvent(() => AccountDebited);
        CorrelatedEvent(() => DebitRejected);
        CorrelatedEvent(() => DebitRefunded);
        CorrelatedEvent(() => OrderShipped);
        CorrelatedEvent(() => ShipmentRejected);
        CorrelatedEvent(() => ShipmentCancelled);
        CorrelatedEvent(() => AccountCredited);
        CorrelatedEvent(() => CreditRejected);
        CorrelatedEvent(() => CreditVoided);
        CorrelatedEvent(() => Resumed);

        Schedule(() => StepTimeout, x => x.StepTimeoutTokenId, s =>
        {
            s.Delay = options.Value.StepTimeout;
            s.Received = r => r.CorrelateById(m => m.Message.CorrelationId);
        });

        Initially(
            When(OrderSubmitted)
                .Then(context =>
                {
                    var order = context.Message;
                    context.Saga.CustomerAccountId = order.CustomerAccountId;
                    context.Saga.MerchantAccountId = order.MerchantAccountId;
                    context.Saga.Currency = order.Currency;
                    context.Saga.Items = order.Items;
                    context.Saga.Total = order.Items.Sum(line => line.Quantity * line.UnitPrice);
                    context.Saga.ShipToCountry = order.ShipToCountry;
                })
                .Send(WorkerOf<CheckFraud>(), CheckFraudCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Screening));

        During(Screening,
            When(Resumed).Send(WorkerOf<CheckFraud>(), CheckFraudCommand),
            When(FraudCheckPassed)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<ReserveStock>(), ReserveStockCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Reserving),
            When(FraudCheckFailed)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Finish(Rejected, SagaType, Notifications),
            When(StepTimeout.Received)
                .Because(_ => "The fraud check timed out.")
                .Finish(Cancelled, SagaType, Notifications),
            When(OrderCancellationRequested)
                .Unschedule(StepTimeout)
                .Because(_ => "Cancelled by the customer.")
                .Finish(Cancelled, SagaType, Notifications));

        During(Reserving,
            When(Resumed).Send(WorkerOf<ReserveStock>(), ReserveStockCommand),
            When(StockReserved)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<DebitAccount>(), DebitAccountCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Charging),
            When(StockReservationRejected)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Finish(Rejected, SagaType, Notifications),
            When(StepTimeout.Received)
                .Because(_ => "The stock reservation timed out.")
                .Send(WorkerOf<ReleaseStock>(), ReleaseStockCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(ReleasingStock),
            When(OrderCancellationRequested)
                .Because(_ => "Cancelled by the customer.")
                .Send(WorkerOf<ReleaseStock>(), ReleaseStockCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(ReleasingStock));

        During(Charging,
            When(Resumed).Send(WorkerOf<DebitAccount>(), DebitAccountCommand),
            When(AccountDebited)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<ShipOrder>(), ShipOrderCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(Shipping),
            When(DebitRejected)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Send(WorkerOf<ReleaseStock>(), ReleaseStockCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(ReleasingStock),
            When(StepTimeout.Received)
                .Because(_ => "The payment timed out.")
                .Send(WorkerOf<RefundDebit>(), RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(RefundingPayment),
            When(OrderCancellationRequested)
                .Because(_ => "Cancelled by the customer.")
                .Send(WorkerOf<RefundDebit>(), RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(RefundingPayment));

        During(Shipping,
            When(Resumed).Send(WorkerOf<ShipOrder>(), ShipOrderCommand),
            When(OrderShipped)
                .Unschedule(StepTimeout)
                .Then(context => context.Saga.TrackingNumber = context.Message.TrackingNumber)
                .Send(WorkerOf<CreditAccount>(), CreditAccountCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(PayingMerchant),
            When(ShipmentRejected)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Send(WorkerOf<RefundDebit>(), RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(RefundingPayment),
            When(StepTimeout.Received)
                .Because(_ => "Shipping timed out.")
                .Send(WorkerOf<CancelShipment>(), CancelShipmentCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(RecallingShipment));

        During(PayingMerchant,
            When(Resumed).Send(WorkerOf<CreditAccount>(), CreditAccountCommand),
            When(AccountCredited)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<SellStock>(), SellStockCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(SellingStock),
            When(CreditRejected)
                .Unschedule(StepTimeout)
                .Because(context => context.Message.Reason)
                .Send(WorkerOf<CancelShipment>(), CancelShipmentCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(RecallingShipment),
            When(StepTimeout.Received)
                .Because(_ => "Paying the merchant timed out.")
                .Send(WorkerOf<VoidCredit>(), VoidCreditCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(VoidingMerchantCredit));

        During(VoidingMerchantCredit,
            When(Resumed).Send(WorkerOf<VoidCredit>(), VoidCreditCommand),
            When(CreditVoided, context => context.Message.Outcome == CreditVoidOutcome.Kept)
                .Unschedule(StepTimeout)
                .Because(_ => "Paying the merchant timed out but had applied, so the order went through.")
                .Send(WorkerOf<SellStock>(), SellStockCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(SellingStock),
            When(CreditVoided, context => context.Message.Outcome != CreditVoidOutcome.Kept)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<CancelShipment>(), CancelShipmentCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(RecallingShipment),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, WorkerOf<VoidCredit>(), VoidCreditCommand));

        // The customer paid, the goods left and the merchant was paid: a lost command or reply is sent again, and a
        // refusal (the inventory holds nothing to sell) still completes the order, with the reason kept for an operator.
        During(SellingStock,
            When(Resumed).Send(WorkerOf<SellStock>(), SellStockCommand),
            When(StockSold)
                .Unschedule(StepTimeout)
                .Finish(Completed, SagaType, Notifications),
            When(StockSaleRejected)
                .Unschedule(StepTimeout)
                .Because(context => $"The order went through, but its stock could not be recorded as sold: {context.Message.Reason}")
                .Finish(Completed, SagaType, Notifications),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, WorkerOf<SellStock>(), SellStockCommand));

        During(RecallingShipment,
            When(Resumed).Send(WorkerOf<CancelShipment>(), CancelShipmentCommand),
            When(ShipmentCancelled)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<RefundDebit>(), RefundDebitCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(RefundingPayment),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, WorkerOf<CancelShipment>(), CancelShipmentCommand));

        During(RefundingPayment,
            When(Resumed).Send(WorkerOf<RefundDebit>(), RefundDebitCommand),
            When(DebitRefunded)
                .Unschedule(StepTimeout)
                .Send(WorkerOf<ReleaseStock>(), ReleaseStockCommand)
                .Schedule(StepTimeout, TimedOut)
                .TransitionTo(ReleasingStock),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, WorkerOf<RefundDebit>(), RefundDebitCommand));

        During(ReleasingStock,
            When(Resumed).Send(WorkerOf<ReleaseStock>(), ReleaseStockCommand),
            When(StockReleased)
                .Unschedule(StepTimeout)
                .Finish(Cancelled, SagaType, Notifications),
            When(StepTimeout.Received)
                .Resend(StepTimeout, maxCompensationAttempts, WorkerOf<ReleaseStock>(), ReleaseStockCommand));
    }

    public State Screening { get; private set; } = null!;
    public State Reserving { get; private set; } = null!;
    public State Charging { get; private set; } = null!;
    public State Shipping { get; private set; } = null!;
    public State PayingMerchant { get; private set; } = null!;
    public State VoidingMerchantCredit { get; private set; } = null!;
    public State SellingStock { get; private set; } = null!;
    public State RecallingShipment { get; private set; } = null!;
    public State RefundingPayment { get; private set; } = null!;
    public State ReleasingStock { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;

    public Event<OrderSubmitted> OrderSubmitted { get; private set; } = null!;
    public Event<OrderCancellationRequested> OrderCancellationRequested { get; private set; } = null!;
    public Event<FraudCheckPassed> FraudCheckPassed { get; private set; } = null!;
    public Event<FraudCheckFailed> FraudCheckFailed { get; private set; } = null!;
    public Event<StockReserved> StockReserved { get; private set; } = null!;
    public Event<StockReservationRejected> StockReservationRejected { get; private set; } = null!;
    public Event<StockReleased> StockReleased { get; private set; } = null!;
    public Event<StockReleaseRejected> StockReleaseRejected { get; private set; } = null!;
    public Event<StockSold> StockSold { get; private set; } = null!;
    public Event<StockSaleRejected> StockSaleRejected { get; private set; } = null!;
    public Event<AccountDebited> AccountDebited { get; private set; } = null!;
    public Event<DebitRejected> DebitRejected { get; private set; } = null!;
    public Event<DebitRefunded> DebitRefunded { get; private set; } = null!;
    public Event<OrderShipped> OrderShipped { get; private set; } = null!;
    public Event<ShipmentRejected> ShipmentRejected { get; private set; } = null!;
    public Event<ShipmentCancelled> ShipmentCancelled { get; private set; } = null!;
    public Event<AccountCredited> AccountCredited { get; private set; } = null!;
    public Event<CreditRejected> CreditRejected { get; private set; } = null!;
    public Event<CreditVoided> CreditVoided { get; private set; } = null!;
    public Event<ResumeOrder> Resumed { get; private set; } = null!;

    public Schedule<OrderState, OrderStepTimedOut> StepTimeout { get; private set; } = null!;

    /// <summary>The states an order ends in; it never leaves them.</summary>
    public static IReadOnlySet<string> TerminalStates { get; } =
        new HashSet<string>([nameof(Completed), nameof(Rejected), nameof(Cancelled)]);

    /// <summary>The states in which a customer may still cancel: shipping has not started.</summary>
    public static IReadOnlySet<string> CancellableStates { get; } =
        new HashSet<string>([nameof(Screening), nameof(Reserving), nameof(Charging)]);

    protected override SagaSubject Subject(OrderState saga) =>
        new(saga.CustomerAccountId, saga.MerchantAccountId, saga.Total, saga.Currency, saga.Items);

    static OrderStepTimedOut TimedOut<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId);

    static CheckFraud CheckFraudCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId, context.Saga.CustomerAccountId, context.Saga.MerchantAccountId,
        context.Saga.Total, context.Saga.Currency);

    static ReserveStock ReserveStockCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId, [.. context.Saga.Items.Select(line => new StockItem(line.Sku, line.Quantity))]);

    static DebitAccount DebitAccountCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId, context.Saga.CustomerAccountId, context.Saga.Total, context.Saga.Currency);

    static ShipOrder ShipOrderCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId, context.Saga.ShipToCountry, context.Saga.Items.Sum(line => line.Quantity));

    static CreditAccount CreditAccountCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId, context.Saga.MerchantAccountId, context.Saga.Total, context.Saga.Currency);

    static VoidCredit VoidCreditCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId);

    static ReleaseStock ReleaseStockCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId);

    static SellStock SellStockCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId);

    static RefundDebit RefundDebitCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId);

    static CancelShipment CancelShipmentCommand<T>(BehaviorContext<OrderState, T> context)
        where T : class => new(context.Saga.CorrelationId);
}
