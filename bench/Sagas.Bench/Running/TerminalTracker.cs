using Sagas.Bench.Targets;

namespace Sagas.Bench.Running;

/// <summary>
/// Polls the target for how many sagas have ended, in one background loop, so the load driver, the progress line and
/// the drain all read one number instead of each asking the platform.
/// </summary>
public sealed class TerminalTracker : IAsyncDisposable
{
    readonly ISagaTarget _target;
    readonly TimeSpan _interval;
    readonly CancellationTokenSource _stop;
    readonly Task _loop;
    long _latest;

    public TerminalTracker(ISagaTarget target, TimeSpan interval, CancellationToken cancellationToken)
    {
        _target = target;
        _interval = interval;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = Poll(_stop.Token);
    }

    public long Latest => Interlocked.Read(ref _latest);

    /// <summary>Waits until at least <paramref name="count"/> sagas ended; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitFor(long count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (Latest < count)
                await Task.Delay(_interval, deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Latest >= count;
        }
    }

    /// <summary>Waits one polling interval, for a driver that is waiting for sagas to end.</summary>
    public Task NextPoll(CancellationToken cancellationToken) => Task.Delay(_interval, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        _stop.Dispose();
    }

    async Task Poll(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Interlocked.Exchange(ref _latest, await _target.CountTerminal(cancellationToken));
            }
            catch (HttpRequestException error)
            {
                Console.Error.WriteLine($"Counting terminal sagas failed, trying again: {error.Message}");
            }

            await Task.Delay(_interval, cancellationToken);
        }
    }
}
