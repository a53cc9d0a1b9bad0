using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Sagas.Contracts.Money;
using Sagas.Contracts.Transfers;
using Sagas.Hosting.Http;
using Sagas.Messaging;
using Sagas.Orchestrator.Idempotency;
using Sagas.Orchestrator.Sagas;
using Sagas.Orchestrator.Transfers;

namespace Sagas.Orchestrator.Api;

/// <summary>A request to move money.</summary>
public record CreateTransferRequest(string? FromAccountId, string? ToAccountId, decimal Amount, string? Currency);

/// <summary>The answer to an accepted transfer request.</summary>
public record TransferAccepted(Guid TransferId, string State);

/// <summary>A transfer as people see it.</summary>
public record TransferView(Guid TransferId, string State, string FromAccountId, string ToAccountId, decimal Amount,
    string Currency, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<SagaStep> History)
{
    public static TransferView Of(TransferState saga) => new(saga.CorrelationId, saga.CurrentState, saga.FromAccountId,
        saga.ToAccountId, saga.Amount, saga.Currency, saga.Reason, saga.CreatedAt, saga.UpdatedAt, saga.History);
}

public static class TransfersApi
{
    const string Scope = TransferStateMachine.SagaType;
    const string Requested = "Requested";

    public static IEndpointRouteBuilder MapTransfersApi(this IEndpointRouteBuilder app)
    {
        var transfers = app.MapGroup("/api/transfers").WithTags("Transfers");
        transfers.MapPost("/", Create).RefusedUntilReady().WithSummary("Start a transfer (requires an Idempotency-Key header).");
        transfers.MapGet("/{id:guid}", Get).WithName("GetTransfer").WithSummary("A transfer's state and history.");
        return app;
    }

    static async Task<Results<AcceptedAtRoute<TransferAccepted>, ValidationProblem, ProblemHttpResult>> Create(
        CreateTransferRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        IdempotentRequests requests, IOptions<TopicOptions> topics, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Validate(idempotencyKey) is { } keyError)
            return Problems.MissingKey(keyError);

        var errors = new Problems.Errors()
            .Check(AccountIds.Validate(request.FromAccountId), "fromAccountId")
            .Check(AccountIds.Validate(request.ToAccountId), "toAccountId")
            .Check(request.FromAccountId == request.ToAccountId, "toAccountId", "The destination must differ from the source.")
            .Check(Currencies.ValidateAmount(request.Amount, request.Currency ?? ""), "amount");
        if (errors.Any)
            return errors.ToProblem();

        var hash = IdempotencyKey.Digest(request.FromAccountId!, request.ToAccountId!, request.Amount, request.Currency!);
        var started = await requests.Start<TransferState, TransferRequested>(Scope, idempotencyKey!, hash, topics.Value.Transfers,
            id => new TransferRequested(id, request.FromAccountId!, request.ToAccountId!, request.Amount, request.Currency!), cancellationToken);
        if (started.Outcome == IdempotencyOutcome.Mismatch)
            return Problems.KeyReused();
        if (started.Outcome == IdempotencyOutcome.InProgress)
            return Problems.KeyInUse();

        return TypedResults.AcceptedAtRoute(new TransferAccepted(started.SagaId, started.State ?? Requested), "GetTransfer", new { id = started.SagaId });
    }

    /// <summary>A transfer: its saga exists from the moment the request that started it was answered.</summary>
    static async Task<Results<Ok<TransferView>, ProblemHttpResult>> Get(Guid id, SagaReader<TransferState> sagas) =>
        await sagas.Find(id) is { } saga ? TypedResults.Ok(TransferView.Of(saga)) : Problems.NotFound($"No transfer {id}.");
}
