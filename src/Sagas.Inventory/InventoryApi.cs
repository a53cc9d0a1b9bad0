using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sagas.Hosting.Http;

namespace Sagas.Inventory;

/// <summary>How many of a SKU can be sold.</summary>
public record SetStockRequest(int Available);

/// <summary>Inventory administration, directly in the inventory's database.</summary>
public static class InventoryApi
{
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var inventory = app.MapGroup("/api/inventory").WithTags("Inventory");
        inventory.MapPut("/{sku}", Set).WithSummary("Set how many of a SKU are available.");
        inventory.MapGet("/{sku}", Get).WithSummary("A SKU's available, reserved and sold stock.");
        return app;
    }

    static async Task<Results<Ok<StockSnapshot>, ValidationProblem>> Set(string sku, SetStockRequest request,
        InventoryService inventory, CancellationToken cancellationToken)
    {
        var result = await inventory.SetAvailable(sku, request.Available, cancellationToken);
        return result.Stock is { } stock
            ? TypedResults.Ok(stock)
            : new Problems.Errors().Check(result.Error ?? "The stock could not be set.", "available").ToProblem();
    }

    static async Task<Results<Ok<StockSnapshot>, ProblemHttpResult>> Get(string sku, InventoryService inventory,
        CancellationToken cancellationToken) =>
        await inventory.Get(sku, cancellationToken) is { } stock
            ? TypedResults.Ok(stock)
            : Problems.NotFound($"No SKU {sku}.");
}
