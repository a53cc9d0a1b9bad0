using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sagas.Bench.Results;

/// <summary>The machine a run was measured on.</summary>
public sealed record MachineInfo(int Cores, string Cpu, string Os, string Runtime, bool ServerGc)
{
    public static MachineInfo Current() => new(Environment.ProcessorCount, CpuModel(), RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription, GCSettings.IsServerGC);

    static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))
            : null;
        return model?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}

/// <summary>The whole invocation as the JSON file holds it: parameters, machine, the platform run and the ceiling.</summary>
public sealed record BenchReport(DateTimeOffset At, IReadOnlyDictionary<string, string?> Parameters, MachineInfo Machine,
    RunResult Platform, RunResult? InMemoryCeiling)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The platform's completed sagas per second as a share of the ceiling's, measured in the same invocation.</summary>
    public double? RatioToCeiling => InMemoryCeiling is { CompletedPerSecond: > 0 } ceiling
        ? Math.Round(Platform.CompletedPerSecond / ceiling.CompletedPerSecond, 4)
        : null;

    public async Task Write(string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json, cancellationToken);
    }
}
