using Microsoft.AspNetCore.Builder;
using Sagas.Hosting;
using Sagas.Hosting.Services;
using Sagas.Notify;

namespace Sagas.Notify.Host;

/// <summary>
/// The notifications' process.
/// <c>dotnet Sagas.Notify.Host.dll [migrate]</c>.
/// </summary>
public static class NotifyHost
{
    /// <summary>Names this process in configuration errors and telemetry.</summary>
    public const string HostName = "sagas-notify";

    public static IReadOnlyList<ServiceModule> Services { get; } = [new NotifyModule()];

    public static Task<int> Main(string[] args) => ServiceHost.RunAsync(HostName, args, Services);

    public static WebApplication Build(string[] args) => ServiceHost.BuildDistributed(HostName, args, Services);
}
