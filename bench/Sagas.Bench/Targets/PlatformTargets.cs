using Sagas.Bench.Invariants;

namespace Sagas.Bench.Targets;

/// <summary>Chooses the platform target the command line asks for: one already running at a URL, or one started here.</summary>
public static class PlatformTargets
{
    /// <summary>Counting terminal sagas in this process costs nothing, so the in-memory ceiling is polled this often.</summary>
    public static readonly TimeSpan InProcessPollInterval = TimeSpan.FromMilliseconds(2);

    public static async Task<ISagaTarget> Start(BenchOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<SagaKind> kinds = options.Mix.OrderPercent > 0 ? [SagaKind.Transfer, SagaKind.Order] : [SagaKind.Transfer];
        if (options.Url is not { } url)
            return await InProcessPlatform.StartTarget(options, kinds, cancellationToken);

        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        var description = new TargetDescription("platform", $"as configured at {url}", "as configured at " + url, "HTTP, remote");
        var target = new HttpSagaTarget(new PlatformApi(http), description, kinds, journal: null, platform: http.AsAsyncDisposable());
        try
        {
            await target.WaitUntilReady(cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    static IAsyncDisposable AsAsyncDisposable(this IDisposable disposable) => new Disposer(disposable);

    sealed class Disposer(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
