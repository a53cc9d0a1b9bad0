using System.Diagnostics;

namespace Sagas.Bench.Running;

/// <summary>Prints a line of progress at a fixed interval while a run goes on: offered, ended, their rates, in flight.</summary>
public sealed class ProgressReporter(string name, Func<long> issued, TerminalTracker tracker, TimeSpan interval)
{
    public async Task Run(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (lastIssued, lastTerminal, lastAt) = (0L, 0L, TimeSpan.Zero);
        try
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken);
                var (nowIssued, nowTerminal, now) = (issued(), tracker.Latest, clock.Elapsed);
                var seconds = (now - lastAt).TotalSeconds;
                Console.WriteLine($"[{name} {now.TotalSeconds,6:F1}s] started {nowIssued,7} ({(nowIssued - lastIssued) / seconds,6:F0}/s)" +
                    $"  ended {nowTerminal,7} ({(nowTerminal - lastTerminal) / seconds,6:F0}/s)  in flight {nowIssued - nowTerminal,6}");
                (lastIssued, lastTerminal, lastAt) = (nowIssued, nowTerminal, now);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
