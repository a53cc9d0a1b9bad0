using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Outbox.Sending;

/// <summary>
/// Puts every message of the endpoint in an <see cref="OutboxConsumeContext{TContext}"/>. The outbox rows must land in
/// the same <typeparamref name="TContext"/> as the saga, so the message needs its service scope before the saga
/// repository opens one: the batch's scope when a batch runs as one unit of work (or the caller's, for a message run
/// in a request), else one made here, which MassTransit then uses as the message's scope.
/// </summary>
internal sealed class OutboxConsumeFilter<TContext>(IServiceProvider services) : IFilter<ConsumeContext>
    where TContext : DbContext
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        if (context.TryGetPayload(out IServiceScope? existing))
        {
            await next.Send(Wrap(context, existing.ServiceProvider));
            return;
        }

        var scope = services.CreateScope();
        try
        {
            context.GetOrAddPayload(() => scope);
            await next.Send(Wrap(context, scope.ServiceProvider));
        }
        finally
        {
            await ((IAsyncDisposable)scope).DisposeAsync();
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("transactionalOutbox").Add("dbContext", typeof(TContext).Name);

    static OutboxConsumeContext<TContext> Wrap(ConsumeContext context, IServiceProvider scope) =>
        new(context, scope.GetRequiredService<OutboxWriter<TContext>>(), scope.GetRequiredService<IBus>().Topology);
}
