using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Sagas.Bench.Profiling;

/// <summary>
/// Records a CPU sampling trace of this very process through EventPipe (what <c>dotnet-trace --profile cpu-sampling</c>
/// asks for) into a .nettrace file, readable with <c>dotnet-trace convert</c>, PerfView or Visual Studio.
/// </summary>
public sealed class EventPipeProfiler : IAsyncDisposable
{
    /// <summary>The runtime keywords dotnet-trace's default profile asks for: GC, loader, JIT and exceptions, enough to resolve stacks.</summary>
    const long RuntimeKeywords = 0x14C14FCCBD;

    readonly EventPipeSession _session;
    readonly FileStream _file;
    readonly Task _copy;

    EventPipeProfiler(EventPipeSession session, FileStream file)
    {
        _session = session;
        _file = file;
        _copy = session.EventStream.CopyToAsync(file);
    }

    public static async Task<EventPipeProfiler> Start(string path, CancellationToken cancellationToken)
    {
        EventPipeProvider[] providers =
        [
            new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, RuntimeKeywords),
        ];
        var session = await new DiagnosticsClient(Environment.ProcessId).StartEventPipeSessionAsync(providers, requestRundown: true,
            circularBufferMB: 256, cancellationToken);
        return new EventPipeProfiler(session, File.Create(path));
    }

    public async ValueTask DisposeAsync()
    {
        await _session.StopAsync(CancellationToken.None);
        await _copy;
        await _file.DisposeAsync();
        _session.Dispose();
    }
}
