using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sagas.Testing;

namespace Sagas.Standalone.Tests.Support;

/// <summary>
/// The standalone host as a separate process on a free port, so a test can kill it the way a crash does (SIGKILL:
/// no shutdown code runs, the embedded broker's memory is gone) and start it again on the same data.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    PlatformProcess(Process process, Uri address)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

    /// <summary>What the process wrote so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts the host with <paramref name="settings"/> (configuration keys) and waits until it is ready.</summary>
    public static async Task<PlatformProcess> Start(IReadOnlyDictionary<string, string> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Urls"] = address.ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Sagas"] = "Information",
            },
        };
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var platform = new PlatformProcess(Process.Start(start)!, address);
        try
        {
            await Testing.Eventually.Until(platform.IsReady, "the platform process is ready", TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException exception)
        {
            await platform.DisposeAsync();
            throw new TimeoutException($"{exception.Message}\n{platform.Output}", exception);
        }
        return platform;
    }

    /// <summary>Waits (bounded) for a value like <see cref="Eventually.Value{T}"/>, adding the process's output to a timeout.</summary>
    public async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> accept, string what, TimeSpan timeout)
    {
        try
        {
            return await Testing.Eventually.Value(read, accept, what, timeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}\nPlatform output:\n{Output}", exception);
        }
    }

    /// <summary>Kills the process at once, as a crash or <c>kill -9</c> would.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await Kill();
        _process.Dispose();
        Client.Dispose();
    }

    async Task<bool> IsReady()
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"The platform process exited with {_process.ExitCode}:\n{Output}");
        try
        {
            return (await Client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
