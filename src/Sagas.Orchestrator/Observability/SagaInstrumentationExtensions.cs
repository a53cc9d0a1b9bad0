using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Sagas;
using Sagas.Orchestrator.Transfers;

namespace Sagas.Orchestrator.Observability;

public static class SagaInstrumentationExtensions
{
    /// <summary>
    /// Saga metrics and transition log lines for both state machines: MassTransit connects state observers registered
    /// in the container when it configures each saga. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddSagaInstrumentation(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SagaMetrics>();
        Observe<TransferState, TransferStateMachine>(services, machine => new SagaKind(TransferStateMachine.SagaType, TransferStateMachine.TerminalStates,
            Names(machine.VoidingDebit, machine.VoidingCredit, machine.Refunding)));
        Observe<OrderState, OrderStateMachine>(services, machine => new SagaKind(OrderStateMachine.SagaType, OrderStateMachine.TerminalStates,
            Names(machine.VoidingMerchantCredit, machine.RecallingShipment, machine.RefundingPayment, machine.ReleasingStock)));
        return services;
    }

    static void Observe<TSaga, TMachine>(IServiceCollection services, Func<TMachine, SagaKind> describe)
        where TSaga : class, ITrackedSaga
        where TMachine : class, SagaStateMachine<TSaga>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStateObserver<TSaga>, SagaMetricsObserver<TSaga>>(provider =>
            new SagaMetricsObserver<TSaga>(provider.GetRequiredService<SagaMetrics>(), describe(provider.GetRequiredService<TMachine>()),
                provider.GetRequiredService<TimeProvider>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStateObserver<TSaga>, SagaTransitionLog<TSaga>>(provider =>
            ActivatorUtilities.CreateInstance<SagaTransitionLog<TSaga>>(provider, describe(provider.GetRequiredService<TMachine>()))));
    }

    static HashSet<string> Names(params State[] states) => [.. states.Select(state => state.Name)];
}
