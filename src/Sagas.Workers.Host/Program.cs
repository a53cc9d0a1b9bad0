using Microsoft.AspNetCore.Builder;
using Sagas.Fraud;
using Sagas.Hosting;
using Sagas.Hosting.Services;
using Sagas.Inventory;
using Sagas.Ledger;
using Sagas.Notify;
using Sagas.Shipping;

namespace Sagas.Workers.Host;

/// <summary>
/// Several worker services in one process, a deployment choice: the roles in <c>Workers:Roles</c> (all when empty), each
/// service with its own database. <c>dotnet Sagas.Workers.Host.dll [migrate]</c>.
/// </summary>
public static class WorkersHost
{
    /// <summary>Names this process in configuration errors and telemetry.</summary>
    public const string HostName = "sagas-workers";

    public static IReadOnlyList<ServiceModule> Services { get; } =
        [new LedgerModule(), new FraudModule(), new NotifyModule(), new InventoryModule(), new ShippingModule()];

    public static Task<int> Main(string[] args) => ServiceHost.RunAsync(HostName, args, Services);

    public static WebApplication Build(string[] args) => ServiceHost.BuildDistributed(HostName, args, Services);
}
