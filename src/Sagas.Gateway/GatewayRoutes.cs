namespace Sagas.Gateway;

/// <summary>
/// Which service owns which path prefix: every path of the public API, and the OpenAPI document, which the
/// orchestrator serves for the whole API today.
/// </summary>
public static class GatewayRoutes
{
    public const string Orchestrator = "orchestrator";
    public const string Ledger = "ledger";
    public const string Inventory = "inventory";

    public static readonly IReadOnlyList<(string Prefix, string Service)> Table =
    [
        ("/api/transfers", Orchestrator),
        ("/api/orders", Orchestrator),
        ("/api/sagas", Orchestrator),
        ("/api/dlq", Orchestrator),
        ("/api/accounts", Ledger),
        ("/api/inventory", Inventory),
        ("/openapi", Orchestrator),
    ];

    public static IEnumerable<string> Services => Table.Select(route => route.Service).Distinct();
}
