using Microsoft.AspNetCore.Builder;
using Sagas.Hosting;
using Sagas.Hosting.Services;
using Sagas.Ledger;

namespace Sagas.Ledger.Host;

/// <summary>
/// The ledger's process: the debit and credit roles and <c>/api/accounts</c>.
/// <c>dotnet Sagas.Ledger.Host.dll [migrate]</c>.
/// </summary>
public static class LedgerHost
{
    /// <summary>Names this process in configuration errors and telemetry.</summary>
    public const string HostName = "sagas-ledger";

    public static IReadOnlyList<ServiceModule> Services { get; } = [new LedgerModule()];

    public static Task<int> Main(string[] args) => ServiceHost.RunAsync(HostName, args, Services);

    public static WebApplication Build(string[] args) => ServiceHost.BuildDistributed(HostName, args, Services);
}
