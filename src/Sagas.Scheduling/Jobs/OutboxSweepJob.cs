using Microsoft.EntityFrameworkCore;
using Quartz;
using Sagas.Outbox.Delivery;

namespace Sagas.Scheduling.Jobs;

/// <summary>
/// One sweep of the outbox of <typeparamref name="TContext"/>: what is due (saga timeouts) or was left unproduced goes
/// out. One job with a repeating trigger for every timeout there is, so arming a timeout costs the saga's step nothing
/// of Quartz's; the job store only says which node sweeps, and never two at once.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class OutboxSweepJob<TContext>(OutboxSweeper<TContext> sweeper) : IJob
    where TContext : DbContext
{
    public static readonly JobKey Key = new($"outbox-sweep-{typeof(TContext).Name}", "sagas");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The context's token is the one a shutdown or an interrupt cancels.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
        await sweeper.Sweep(stopping.Token);
    }
}
