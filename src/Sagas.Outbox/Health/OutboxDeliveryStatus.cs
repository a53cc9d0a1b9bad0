using Microsoft.EntityFrameworkCore;

namespace Sagas.Outbox;

/// <summary>Since when delivery from the outbox of <typeparamref name="TContext"/> has kept failing against its database, for the readiness check.</summary>
public sealed class OutboxDeliveryStatus<TContext>
    where TContext : DbContext
{
    DateTimeOffset? _failingSince;
    readonly Lock _gate = new();

    public DateTimeOffset? FailingSince
    {
        get
        {
            lock (_gate)
                return _failingSince;
        }
    }

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
