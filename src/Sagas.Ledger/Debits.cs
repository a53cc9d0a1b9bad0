using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Ledger;
using Sagas.Contracts.Money;
using Sagas.Hosting.Workers;

namespace Sagas.Ledger;

/// <summary>
/// The debit role's ledger work: take a saga's money into the clearing account at most once, and refund it at most
/// once, fencing the slot so a late debit can never apply after the refund.
/// </summary>
sealed class Debits(LedgerDbContext db, Postings postings, TimeProvider clock, ILogger<Debits> logger)
{
    /// <summary>Applies or refuses the debit, or returns what the first delivery of it stored.</summary>
    public Task<LedgerOperation> Debit(DebitAccount command, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            if (await LedgerOperations.Find(db, command.CorrelationId, LedgerSide.Debit, token) is { } stored)
                return stored;

            if ((Currencies.ValidateAmount(command.Amount, command.Currency) ?? AccountIds.Validate(command.AccountId)) is { } invalid)
                return Refused(LedgerOperations.Add(db, clock, command.CorrelationId, LedgerSide.Debit, OperationState.Rejected), invalid);

            // Claim the slot before touching balances: a racing duplicate then waits on the slot alone, holding no
            // account row that a concurrent refund of this saga might be waiting for.
            var debit = LedgerOperations.Add(db, clock, command.CorrelationId, LedgerSide.Debit, OperationState.Applied,
                command.AccountId, command.Amount, command.Currency);
            await db.SaveChangesAsync(token);
            var clearing = SystemAccounts.Clearing(command.Currency, command.CorrelationId);
            return await postings.TryPayOut(command.CorrelationId, PostingKind.Debit, command.AccountId, clearing, command.Amount, command.Currency,
                evenIfFrozen: false, token)
                ? debit
                : Refused(debit, await postings.Refusal(command.AccountId, command.Amount, command.Currency, token));
        }, cancellationToken);

    /// <summary>Gives the saga's debit back if it applied, and closes the slot either way; returns the slot as it ends.</summary>
    public Task<LedgerOperation> Refund(Guid sagaId, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            var stored = await LedgerOperations.Find(db, sagaId, LedgerSide.Debit, token);
            if (stored is null)
                return LedgerOperations.Add(db, clock, sagaId, LedgerSide.Debit, OperationState.Fenced);
            if (stored.State != OperationState.Applied)
                return stored;
            if (!await LedgerOperations.TryMove(db, clock, stored, OperationState.Applied, OperationState.Reversed, token))
                return await LedgerOperations.Find(db, sagaId, LedgerSide.Debit, token) ?? stored;

            // The customer gets the money back even if the account was frozen since: it is theirs.
            var clearing = SystemAccounts.Clearing(stored.Currency!, sagaId);
            if (!await postings.TryPayIn(sagaId, PostingKind.DebitRefund, stored.AccountId!, clearing, stored.Amount, stored.Currency!, evenIfFrozen: true, token))
                throw new InvalidOperationException($"Account '{stored.AccountId}' of saga {sagaId}'s debit has vanished.");
            logger.LogInformation("Debit of saga {CorrelationId} refunded to {AccountId}", sagaId, stored.AccountId);
            return await LedgerOperations.Find(db, sagaId, LedgerSide.Debit, token) ?? stored;
        }, cancellationToken);

    LedgerOperation Refused(LedgerOperation debit, string reason)
    {
        logger.LogWarning("Debit of saga {CorrelationId} refused: {Reason}", debit.SagaId, reason);
        debit.State = OperationState.Rejected;
        debit.Reason = reason;
        return debit;
    }
}
