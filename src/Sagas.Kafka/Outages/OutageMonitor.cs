using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Kafka.Outages;

/// <summary>
/// What this process knows about its dependencies being down, told by everything that waits for one (the rider's
/// consumers, the outbox relay, the sweep). It is what makes an outage readable: one warning when a dependency goes
/// down, a summary every <see cref="KafkaOptions.OutageSummaryInterval"/> while it stays down (attempts, records
/// waiting), one line when it is back, and never a stack trace per retry. Health reads <see cref="Current"/>.
/// </summary>
public sealed class OutageMonitor(IOptions<KafkaOptions> options, TimeProvider time, ILogger<OutageMonitor> logger)
{
    readonly ConcurrentDictionary<string, DependencyState> _dependencies = new(StringComparer.Ordinal);

    /// <summary>The dependencies down now, with since when and the last reason given.</summary>
    public IReadOnlyList<Outage> Current =>
        [.. _dependencies.Select(entry => entry.Value.Snapshot(entry.Key)).OfType<Outage>().OrderBy(outage => outage.Since)];

    /// <summary>
    /// An attempt failed because <paramref name="dependency"/> is unavailable. A failure right after the dependency came
    /// back (a connection the outage broke, found broken on its first use) does not reopen the outage: a fresh one needs
    /// failures with no success for <see cref="KafkaOptions.OutageRelapseGrace"/>.
    /// </summary>
    public void Failed(string dependency, string reason)
    {
        var state = _dependencies.GetOrAdd(dependency, _ => new DependencyState());
        var now = time.GetUtcNow();
        var (opened, summary) = state.Failed(now, reason, options.Value.OutageRelapseGrace, options.Value.OutageSummaryInterval);
        if (opened)
        {
            logger.LogWarning("{Dependency} is unavailable ({Reason}); work that needs it is paused and retried every {Interval} until it is back",
                dependency, reason, options.Value.OutageProbeInterval);
        }
        else if (summary is { } down)
        {
            logger.LogWarning("{Dependency} still unavailable after {Duration:g} ({Attempts} failed attempts, {Waiting} records waiting): {Reason}",
                dependency, now - down.Since, down.Attempts, down.Waiting, reason);
        }
    }

    /// <summary>An attempt that needed <paramref name="dependency"/> succeeded: if it was down, it is back.</summary>
    public void Succeeded(string dependency)
    {
        if (!_dependencies.TryGetValue(dependency, out var state))
            return;
        var now = time.GetUtcNow();
        if (state.Succeeded(now) is { } ended)
        {
            logger.LogWarning("{Dependency} is back after {Duration:g} ({Attempts} failed attempts while it was down)", dependency, now - ended.Since,
                ended.Attempts);
        }
    }

    /// <summary>Records held back for <paramref name="dependency"/> (negative when they are released), for the summary.</summary>
    public void Waiting(string dependency, int records) => _dependencies.GetOrAdd(dependency, _ => new DependencyState()).AddWaiting(records);

    sealed class DependencyState
    {
        readonly Lock _gate = new();
        DateTimeOffset? _since;
        DateTimeOffset _lastSuccess = DateTimeOffset.MinValue;
        DateTimeOffset _firstFailureSinceSuccess = DateTimeOffset.MinValue;
        DateTimeOffset _lastSummary;
        string _reason = "";
        long _attempts;
        long _waiting;

        public (bool Opened, Outage? Summary) Failed(DateTimeOffset now, string reason, TimeSpan relapseGrace, TimeSpan summaryInterval)
        {
            lock (_gate)
            {
                _reason = reason;
                _attempts++;
                if (_firstFailureSinceSuccess <= _lastSuccess)
                    _firstFailureSinceSuccess = now;

                if (_since is null)
                {
                    // Failures within the grace after a success are stragglers of the last outage (or a moment's hiccup),
                    // not a new one, until they have gone on for the grace without any success.
                    if (now - _lastSuccess < relapseGrace)
                        return (false, null);
                    _since = _firstFailureSinceSuccess;
                    _lastSummary = now;
                    return (true, null);
                }

                if (now - _lastSummary < summaryInterval)
                    return (false, null);
                _lastSummary = now;
                return (false, Snapshot(""));
            }
        }

        public Outage? Succeeded(DateTimeOffset now)
        {
            lock (_gate)
            {
                _lastSuccess = now;
                if (_since is null)
                {
                    _attempts = 0;
                    return null;
                }

                var ended = Snapshot("");
                _since = null;
                _attempts = 0;
                return ended;
            }
        }

        public void AddWaiting(int records)
        {
            lock (_gate)
                _waiting = Math.Max(0, _waiting + records);
        }

        public Outage? Snapshot(string dependency)
        {
            lock (_gate)
                return _since is { } since ? new Outage(dependency, since, _reason, _attempts, _waiting) : null;
        }
    }
}

/// <summary>A dependency that is down: since when, why (the last failure's message), failed attempts and records waiting for it.</summary>
public sealed record Outage(string Dependency, DateTimeOffset Since, string Reason, long Attempts, long Waiting);
