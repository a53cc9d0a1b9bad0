using Microsoft.AspNetCore.Builder;
using Sagas.Fraud;
using Sagas.Hosting;
using Sagas.Hosting.Services;

namespace Sagas.Fraud.Host;

/// <summary>
/// The fraud screening's process.
/// <c>dotnet Sagas.Fraud.Host.dll [migrate]</c>.
/// </summary>
public static class FraudHost
{
    /// <summary>Names this process in configuration errors and telemetry.</summary>
    public const string HostName = "sagas-fraud";

    public static IReadOnlyList<ServiceModule> Services { get; } = [new FraudModule()];

    public static Task<int> Main(string[] args) => ServiceHost.RunAsync(HostName, args, Services);

    public static WebApplication Build(string[] args) => ServiceHost.BuildDistributed(HostName, args, Services);
}
