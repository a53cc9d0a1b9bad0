using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Sagas.Contracts.Money;
using Sagas.Contracts.Transfers;
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
        transfers.MapPost("/", Create).WithSummary("Start a transfer (requires an Idempotency-Key header).");
        transfers.MapGet("/{id:guid}", Get).WithName("GetTransfer").WithSummary("A transfer's state and history.");
        return app;
    }

    static async Task<Results<AcceptedAtRoute<TransferAccepted>, ValidationProblem, ProblemHttpResult>> Create(
        CreateTransferRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        IdempotentRequests requests, SagaReader<TransferState> sagas, CancellationToken cancellationToken)
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
        var (outcome, transferId) = await requests.Start(Scope, idempotencyKey!, hash, id => new TransferRequested(id,
            request.FromAccountId!, request.ToAccountId!, request.Amount, request.Currency!), cancellationToken);
        if (outcome == IdempotencyOutcome.Mismatch)
            return Problems.KeyReused();

        var state = outcome == IdempotencyOutcome.Replay ? (await sagas.Find(transferId))?.CurrentState : null;
        return TypedResults.AcceptedAtRoute(new TransferAccepted(transferId, state ?? Requested), "GetTransfer", new { id = transferId });
    }

    /// <summary>A transfer; one that was accepted but whose saga has not stored its first transition yet answers 202.</summary>
    static async Task<Results<Ok<TransferView>, Accepted<TransferAccepted>, ProblemHttpResult>> Get(Guid id,
        SagaReader<TransferState> sagas, IdempotentRequests requests, CancellationToken cancellationToken)
    {
        if (await sagas.Find(id) is { } saga)
            return TypedResults.Ok(TransferView.Of(saga));
        return await requests.Accepted(Scope, id, cancellationToken)
            ? TypedResults.Accepted($"/api/transfers/{id}", new TransferAccepted(id, Requested))
            : Problems.NotFound($"No transfer {id}.");
    }
}
