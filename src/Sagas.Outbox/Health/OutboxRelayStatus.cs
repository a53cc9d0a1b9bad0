using Microsoft.EntityFrameworkCore;

namespace Sagas.Outbox;

/// <summary>Since when the relay of <typeparamref name="TContext"/> has failed every round, for the readiness check.</summary>
public sealed class OutboxRelayStatus<TContext>
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
