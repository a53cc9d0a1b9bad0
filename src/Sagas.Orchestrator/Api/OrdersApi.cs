using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Sagas.Contracts.Money;
using Sagas.Contracts.Orders;
using Sagas.Hosting.Http;
using Sagas.Messaging;
using Sagas.Orchestrator.Idempotency;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Orchestrator.Api;

/// <summary>One line of an order request.</summary>
public record OrderLineRequest(string? Sku, int Quantity, decimal UnitPrice);

/// <summary>A request to place an order.</summary>
public record CreateOrderRequest(string? CustomerAccountId, string? MerchantAccountId, string? Currency,
    IReadOnlyList<OrderLineRequest>? Items, string? ShipToCountry);

/// <summary>The answer to an accepted order or cancellation.</summary>
public record OrderAccepted(Guid OrderId, string State);

/// <summary>An order as people see it.</summary>
public record OrderView(Guid OrderId, string State, string CustomerAccountId, string MerchantAccountId, string Currency,
    IReadOnlyList<OrderLine> Items, decimal Total, string ShipToCountry, string? TrackingNumber, string? Reason,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<SagaStep> History)
{
    public static OrderView Of(OrderState saga) => new(saga.CorrelationId, saga.CurrentState, saga.CustomerAccountId,
        saga.MerchantAccountId, saga.Currency, saga.Items, saga.Total, saga.ShipToCountry, saga.TrackingNumber, saga.Reason,
        saga.CreatedAt, saga.UpdatedAt, saga.History);
}

public static class OrdersApi
{
    const string Scope = OrderStateMachine.SagaType;
    const string Submitted = "Submitted";
    const int MaxLines = 100;
    const int MaxQuantity = 10_000;

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders");
        orders.MapPost("/", Create).RefusedUntilReady().WithSummary("Place an order (requires an Idempotency-Key header).");
        orders.MapGet("/{id:guid}", Get).WithName("GetOrder").WithSummary("An order's state and history.");
        orders.MapPost("/{id:guid}/cancel", Cancel).WithSummary("Cancel an order before shipping starts.");
        return app;
    }

    static async Task<Results<AcceptedAtRoute<OrderAccepted>, ValidationProblem, ProblemHttpResult>> Create(
        CreateOrderRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        IdempotentRequests requests, IOptions<TopicOptions> topics, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Validate(idempotencyKey) is { } keyError)
            return Problems.MissingKey(keyError);
        if (Validate(request) is { Any: true } errors)
            return errors.ToProblem();

        var order = new OrderSubmitted
        {
            CorrelationId = Guid.Empty,
            CustomerAccountId = request.CustomerAccountId!,
            MerchantAccountId = request.MerchantAccountId!,
            Currency = request.Currency!,
            Items = [.. request.Items!.Select(line => new OrderLine(line.Sku!, line.Quantity, line.UnitPrice))],
            ShipToCountry = request.ShipToCountry!,
        };
        var hash = IdempotencyKey.Digest([order.CustomerAccountId, order.MerchantAccountId, order.Currency, order.ShipToCountry,
            .. order.Items.SelectMany(line => new object[] { line.Sku, line.Quantity, line.UnitPrice })]);
        var started = await requests.Start<OrderState, OrderSubmitted>(Scope, idempotencyKey!, hash, topics.Value.Orders,
            id => order with { CorrelationId = id }, cancellationToken);
        if (started.Outcome == IdempotencyOutcome.Mismatch)
            return Problems.KeyReused();
        if (started.Outcome == IdempotencyOutcome.InProgress)
            return Problems.KeyInUse();

        return TypedResults.AcceptedAtRoute(new OrderAccepted(started.SagaId, started.State ?? Submitted), "GetOrder", new { id = started.SagaId });
    }

    /// <summary>An order: its saga exists from the moment the request that started it was answered.</summary>
    static async Task<Results<Ok<OrderView>, ProblemHttpResult>> Get(Guid id, SagaReader<OrderState> sagas) =>
        await sagas.Find(id) is { } saga ? TypedResults.Ok(OrderView.Of(saga)) : Problems.NotFound($"No order {id}.");

    static async Task<Results<Accepted<OrderAccepted>, ProblemHttpResult>> Cancel(Guid id, SagaReader<OrderState> sagas,
        SagaRequests requests, IOptions<TopicOptions> topics, CancellationToken cancellationToken)
    {
        if (await sagas.Find(id) is not { } saga)
            return Problems.NotFound($"No order {id}.");
        if (!OrderStateMachine.CancellableStates.Contains(saga.CurrentState))
            return Problems.Conflict($"Order {id} is {saga.CurrentState}; it can be cancelled only before shipping starts.");

        await requests.Send(topics.Value.Orders, [new OrderCancellationRequested(id)], cancellationToken);
        return TypedResults.Accepted($"/api/orders/{id}", new OrderAccepted(id, saga.CurrentState));
    }

    static Problems.Errors Validate(CreateOrderRequest request)
    {
        var errors = new Problems.Errors()
            .Check(AccountIds.Validate(request.CustomerAccountId), "customerAccountId")
            .Check(AccountIds.Validate(request.MerchantAccountId), "merchantAccountId")
            .Check(request.CustomerAccountId == request.MerchantAccountId, "merchantAccountId", "The merchant must differ from the customer.")
            .Check(Currencies.MinorUnits(request.Currency ?? "") is null, "currency", $"'{request.Currency}' is not an ISO 4217 currency code.")
            .Check(request.ShipToCountry is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper), "shipToCountry",
                "The ship-to country is an ISO 3166 alpha-2 code such as 'US'.")
            .Check(request.Items is not { Count: > 0 and <= MaxLines }, "items", $"An order has 1 to {MaxLines} lines.");

        var total = (request.Items ?? []).Sum(line => line.Quantity is > 0 and <= MaxQuantity && line.UnitPrice is > 0 and <= Currencies.MaxAmount
            ? line.Quantity * line.UnitPrice : 0);
        errors.Check(total > Currencies.MaxAmount, "items", $"The order total must be at most {Currencies.MaxAmount}.");

        foreach (var (line, index) in (request.Items ?? []).Select((line, index) => (line, index)))
        {
            errors.Check(line.Sku is not { Length: > 0 and <= 64 }, $"items[{index}].sku", "A SKU of 1 to 64 characters is required.")
                .Check(line.Quantity is <= 0 or > MaxQuantity, $"items[{index}].quantity", $"The quantity is 1 to {MaxQuantity}.")
                .Check(Currencies.MinorUnits(request.Currency ?? "") is not null
                    ? Currencies.ValidateAmount(line.UnitPrice, request.Currency!) : null, $"items[{index}].unitPrice");
        }

        return errors;
    }
}
