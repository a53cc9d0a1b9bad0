using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Scheduling.MassTransit;

/// <summary>
/// Where a consumed message's scheduler resolves <see cref="ITimeoutRequests"/>: the container until a saga's
/// repository has opened the message's scope, then that scope, so a scoped outbox shares the saga's DbContext.
/// </summary>
internal sealed class TimeoutRequestScope(IServiceProvider container)
{
    public IServiceProvider Services { get; set; } = container;

    public ITimeoutRequests Requests => Services.GetRequiredService<ITimeoutRequests>();
}
