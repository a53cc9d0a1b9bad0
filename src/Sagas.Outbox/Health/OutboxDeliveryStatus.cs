using Microsoft.EntityFrameworkCore;

namespace Sagas.Outbox;

/// <summary>
/// Whether delivery from the outbox of <typeparamref name="TContext"/> runs in this process, and since when it has kept
/// failing against its database, for the readiness checks.
/// </summary>
public sealed class OutboxDeliveryStatus<TContext>
    where TContext : DbContext
{
    DateTimeOffset? _failingSince;
    readonly Lock _gate = new();
    volatile bool _running;

    /// <summary>True while the delivery service runs (from its start until it stops).</summary>
    public bool IsRunning => _running;

    public DateTimeOffset? FailingSince
    {
        get
        {
            lock (_gate)
                return _failingSince;
        }
    }

    internal void Running(bool running) => _running = running;

    internal void Succeeded()
    {
        lock (_gate)
            _failingSince = null;
    }

    internal void Failed(DateTimeOffset now)
    {
        lock (_gate)
            _failingSince ??= now;
    }
}
