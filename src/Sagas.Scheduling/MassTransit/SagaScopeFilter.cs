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
