using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sagas.Hosting.Http;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Sagas;
using Sagas.Orchestrator.Transfers;

namespace Sagas.Orchestrator.Api;

/// <summary>One saga in a listing.</summary>
public record SagaSummary(string Type, Guid Id, string State, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A page of a saga listing.</summary>
public record SagaList(IReadOnlyList<SagaSummary> Items, int Page, int PageSize, int Total);

/// <summary>Inspection of any saga instance, whatever its type.</summary>
public static class SagasApi
{
    const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapSagasApi(this IEndpointRouteBuilder app)
    {
        var sagas = app.MapGroup("/api/sagas").WithTags("Sagas");
        sagas.MapGet("/", List).WithSummary("List saga instances of a type, optionally in one state, newest first.");
        sagas.MapGet("/{type}/{id:guid}", Get).WithSummary("Any saga instance's full state and history.");
        return app;
    }

    static async Task<Results<Ok<SagaList>, ValidationProblem>> List(string? type, string? state, int? page, int? pageSize,
        SagaReader<TransferState> transfers, SagaReader<OrderState> orders)
    {
        var errors = new Problems.Errors()
            .Check(type is not (TransferStateMachine.SagaType or OrderStateMachine.SagaType), "type",
                $"The type is '{TransferStateMachine.SagaType}' or '{OrderStateMachine.SagaType}'.")
            .Check(page is < 1, "page", "Pages start at 1.")
            .Check(pageSize is < 1 or > MaxPageSize, "pageSize", $"A page holds 1 to {MaxPageSize} sagas.");
        if (errors.Any)
            return errors.ToProblem();

        return TypedResults.Ok(type == TransferStateMachine.SagaType
            ? Summarize(type, await transfers.List(state, page ?? 1, pageSize ?? 50))
            : Summarize(type!, await orders.List(state, page ?? 1, pageSize ?? 50)));
    }

    static async Task<Results<Ok<TransferView>, Ok<OrderView>, ProblemHttpResult>> Get(string type, Guid id,
        SagaReader<TransferState> transfers, SagaReader<OrderState> orders) => type switch
    {
        TransferStateMachine.SagaType when await transfers.Find(id) is { } transfer => TypedResults.Ok(TransferView.Of(transfer)),
        OrderStateMachine.SagaType when await orders.Find(id) is { } order => TypedResults.Ok(OrderView.Of(order)),
        TransferStateMachine.SagaType or OrderStateMachine.SagaType => Problems.NotFound($"No {type} {id}."),
        _ => Problems.NotFound($"No saga type '{type}'; the types are '{TransferStateMachine.SagaType}' and '{OrderStateMachine.SagaType}'."),
    };

    static SagaList Summarize<TSaga>(string type, SagaPage<TSaga> page)
        where TSaga : class, ITrackedSaga =>
        new([.. page.Items.Select(saga => new SagaSummary(type, saga.CorrelationId, saga.CurrentState, saga.Reason, saga.CreatedAt,
            saga.UpdatedAt))], page.Page, page.PageSize, page.Total);
}
