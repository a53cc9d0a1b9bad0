using System.Net;

namespace Sagas.Bench.Tests.Faults;

/// <summary>
/// Polls <c>/health/ready</c> every quarter second for the whole scenario and keeps each change of answer, so the test can
/// say when readiness saw the outage, when it saw the return, and whether it flapped afterwards.
/// </summary>
public sealed class ReadinessWatch : IAsyncDisposable
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    readonly HttpClient _http;
    readonly CancellationTokenSource _stop = new();
    readonly List<(DateTimeOffset At, bool Ready, string Body)> _changes = [];
    readonly Task _loop;

    public ReadinessWatch(Uri address)
    {
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        _loop = Poll(_stop.Token);
    }

    /// <summary>Each time the answer changed: when, ready or not, and the body of the first answer of the change.</summary>
    public IReadOnlyList<(DateTimeOffset At, bool Ready, string Body)> Changes
    {
        get
        {
            lock (_changes)
                return [.. _changes];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _http.Dispose();
    }

    async Task Poll(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var (ready, body) = await Ask(cancellationToken);
            lock (_changes)
            {
                if (_changes.Count == 0 || _changes[^1].Ready != ready)
                    _changes.Add((DateTimeOffset.UtcNow, ready, body));
            }

            try
            {
                await Task.Delay(Interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    async Task<(bool Ready, string Body)> Ask(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("/health/ready", cancellationToken);
            return (response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return (false, exception.Message);
        }
    }
}
