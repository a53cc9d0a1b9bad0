using Microsoft.AspNetCore.Builder;
using Sagas.Hosting;
using Sagas.Hosting.Services;
using Sagas.Inventory;

namespace Sagas.Inventory.Host;

/// <summary>
/// The inventory's process: stock reservations and <c>/api/inventory</c>.
/// <c>dotnet Sagas.Inventory.Host.dll [migrate]</c>.
/// </summary>
public static class InventoryHost
{
    /// <summary>Names this process in configuration errors and telemetry.</summary>
    public const string HostName = "sagas-inventory";

    public static IReadOnlyList<ServiceModule> Services { get; } = [new InventoryModule()];

    public static Task<int> Main(string[] args) => ServiceHost.RunAsync(HostName, args, Services);

    public static WebApplication Build(string[] args) => ServiceHost.BuildDistributed(HostName, args, Services);
}
