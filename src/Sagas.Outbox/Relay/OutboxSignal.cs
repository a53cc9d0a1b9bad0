using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace Sagas.Outbox;

/// <summary>
/// Wakes the relay of <typeparamref name="TContext"/> when a commit in this process wrote outbox rows, so a saga step
/// does not wait for the next poll. Signals coalesce: any number of commits during a round cause one more round.
/// </summary>
public sealed class OutboxSignal<TContext>
    where TContext : DbContext
{
    readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _pending.Writer.TryWrite(true);

    /// <summary>Takes a pending signal without waiting; whether there was one.</summary>
    public bool TryTake() => _pending.Reader.TryRead(out _);

    /// <summary>Returns when notified or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(timeout);
        try
        {
            await _pending.Reader.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a commit: time for a round anyway.
        }
    }
}
