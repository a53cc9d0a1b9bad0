using System.Diagnostics;

namespace Sagas.Bench.Tests;

/// <summary>The bench run as a process, as a person runs it: <c>--help</c> answers, an unknown option is named.</summary>
public class When_the_bench_is_started_from_a_shell
{
    static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        var (exitCode, output, errors) = await Run("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--storage sqlite|postgres", output, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_unknown_option_exits_2_with_one_line_naming_it()
    {
        var (exitCode, _, errors) = await Run("--count", "10", "--colour", "red");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--colour", line, StringComparison.Ordinal);
    }

    static async Task<(int ExitCode, string Output, string Errors)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(BenchOptions).Assembly.Location, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ExitTimeout);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await errors);
    }
}
