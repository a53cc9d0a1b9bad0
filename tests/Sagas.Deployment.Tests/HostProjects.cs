using Microsoft.AspNetCore.Builder;
using Sagas.Fraud.Host;
using Sagas.Hosting.Services;
using Sagas.Inventory.Host;
using Sagas.Ledger.Host;
using Sagas.Notify.Host;
using Sagas.Orchestrator.Host;
using Sagas.Shipping.Host;
using Sagas.Workers.Host;

namespace Sagas.Deployment.Tests;

/// <summary>A host project of the distributed deployment: the services it composes, and how it builds its application.</summary>
public sealed record HostProject(string Name, IReadOnlyList<ServiceModule> Services, Func<string[], WebApplication> Build)
{
    public const string Orchestrator = "Sagas.Orchestrator.Host";

    /// <summary>Every service's own host, and the host that runs several worker services.</summary>
    public static IReadOnlyList<HostProject> All { get; } =
    [
        new(Orchestrator, OrchestratorHost.Services, OrchestratorHost.Build),
        new("Sagas.Ledger.Host", LedgerHost.Services, LedgerHost.Build),
        new("Sagas.Fraud.Host", FraudHost.Services, FraudHost.Build),
        new("Sagas.Notify.Host", NotifyHost.Services, NotifyHost.Build),
        new("Sagas.Inventory.Host", InventoryHost.Services, InventoryHost.Build),
        new("Sagas.Shipping.Host", ShippingHost.Services, ShippingHost.Build),
        new("Sagas.Workers.Host", WorkersHost.Services, WorkersHost.Build),
    ];

    public static HostProject? Named(string? name) => All.FirstOrDefault(project => project.Name == name);
}
