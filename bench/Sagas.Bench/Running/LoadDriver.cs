using System.Diagnostics;
using Sagas.Bench.Targets;
using Sagas.Bench.Workload;

namespace Sagas.Bench.Running;

/// <summary>
/// Starts the planned sagas either at a fixed offered rate (open loop: a saga is due every 1/R seconds whether or not
/// earlier ones ended) or as fast as a limit on sagas in flight allows (closed loop), until the count or the
/// duration is reached.
/// </summary>
public sealed class LoadDriver(ISagaTarget target, TerminalTracker tracker, BenchOptions options, string runTag)
{
    /// <summary>Bounds the requests waiting on the platform in open-loop runs, so a stalled platform slows the offer instead of piling up sockets.</summary>
    const int MaxOutstandingRequests = 1024;

    readonly List<StartedSaga> _started = [];
    long _issued;

    /// <summary>How many sagas were issued so far (accepted or still being requested).</summary>
    public long Issued => Interlocked.Read(ref _issued);

    public async Task<IReadOnlyList<StartedSaga>> Run(IEnumerable<PlannedSaga> plan, CancellationToken cancellationToken)
    {
        using var outstanding = new SemaphoreSlim(MaxOutstandingRequests);
        var requests = new List<Task>();
        var clock = Stopwatch.StartNew();
        foreach (var saga in plan)
        {
            if (saga.Index >= options.SagaLimit || clock.Elapsed >= options.Duration)
                break;

            if (options.Rate is { } rate)
            {
                var wait = TimeSpan.FromSeconds(saga.Index / rate) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, cancellationToken);
            }
            else
            {
                while (Issued - tracker.Latest >= options.Concurrency)
                    await tracker.NextPoll(cancellationToken);
            }

            await outstanding.WaitAsync(cancellationToken);
            Interlocked.Increment(ref _issued);
            requests.Add(Start(saga, outstanding, cancellationToken));
        }

        await Task.WhenAll(requests);
        lock (_started)
            return [.. _started.OrderBy(saga => saga.Plan.Index)];
    }

    async Task Start(PlannedSaga saga, SemaphoreSlim outstanding, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            var sentAt = DateTimeOffset.UtcNow;
            var id = await target.Start(saga, runTag, cancellationToken);
            lock (_started)
                _started.Add(new StartedSaga(saga, id, sentAt));
        }
        finally
        {
            outstanding.Release();
        }
    }
}
