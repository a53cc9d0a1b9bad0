using Microsoft.AspNetCore.Builder;
using Sagas.Hosting;
using Sagas.Hosting.Services;
using Sagas.Shipping;

namespace Sagas.Shipping.Host;

/// <summary>
/// The shipping's process.
/// <c>dotnet Sagas.Shipping.Host.dll [migrate]</c>.
/// </summary>
public static class ShippingHost
{
    /// <summary>Names this process in configuration errors and telemetry.</summary>
    public const string HostName = "sagas-shipping";

    public static IReadOnlyList<ServiceModule> Services { get; } = [new ShippingModule()];

    public static Task<int> Main(string[] args) => ServiceHost.RunAsync(HostName, args, Services);

    public static WebApplication Build(string[] args) => ServiceHost.BuildDistributed(HostName, args, Services);
}
