using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Sagas.Deployment.Tests;

/// <summary>
/// A host (or tool) run as its own process from this test's output directory, as compose runs it: configuration from
/// environment variables only (the working directory is empty, so no appsettings.json), output captured.
/// </summary>
sealed partial class HostProcess : IAsyncDisposable
{
    public const int SigStop = 19;
    public const int SigCont = 18;
    const int SigTerm = 15;
    static readonly TimeSpan ExitTimeout = TimeSpan.FromMinutes(2);

    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly StringBuilder _errors = new();

    HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Append(_output, line.Data);
        _process.ErrorDataReceived += (_, line) => Append(_errors, line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => Read(_output);

    public string Errors => Read(_errors);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="assembly"/>'s entry point with <paramref name="environment"/> on top of this process's environment.</summary>
    public static HostProcess Start(System.Reflection.Assembly assembly, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        params string[] args) =>
        Run("dotnet", [assembly.Location, .. args], workingDirectory, environment);

    /// <summary>Starts <paramref name="program"/> with <paramref name="environment"/> on top of this process's environment.</summary>
    public static HostProcess Run(string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new HostProcess(Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start."));
    }

    /// <summary>Sends <paramref name="signal"/> (<see cref="SigStop"/>, <see cref="SigCont"/>) to a process, one this one did not start too.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    /// <summary>What Docker and systemd send to stop a process: the host's graceful shutdown, not a kill.</summary>
    public void Terminate() => Signal(_process.Id, SigTerm);

    /// <summary>A crash: SIGKILL, so no shutdown code runs (nothing drains, commits offsets or releases claims).</summary>
    public async Task Kill()
    {
        _process.Kill();
        await WaitForExit();
    }

    /// <summary>Waits for the process to end (bounded) and returns its exit code.</summary>
    public async Task<int> WaitForExit()
    {
        using var deadline = new CancellationTokenSource(ExitTimeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {ExitTimeout}. Output:\n{Output}\nErrors:\n{Errors}");
        }

        // The parameterless wait also waits for the redirected streams to be read to their end.
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
            return;
        lock (buffer)
            buffer.AppendLine(line);
    }

    static string Read(StringBuilder buffer)
    {
        lock (buffer)
            return buffer.ToString();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
