using Microsoft.Extensions.Logging;
using Sagas.Contracts.Ledger;
using Sagas.Contracts.Money;
using Sagas.Hosting.Workers;

namespace Sagas.Ledger;

/// <summary>
/// The credit role's ledger work: pay a saga's money out of the clearing account at most once, and void the credit
/// at most once, taking it back only while the account still holds it.
/// </summary>
sealed class Credits(LedgerDbContext db, Postings postings, TimeProvider clock, ILogger<Credits> logger)
{
    /// <summary>Applies or refuses the credit, or returns what the first delivery of it stored.</summary>
    public Task<LedgerOperation> Credit(CreditAccount command, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            if (await LedgerOperations.Find(db, command.CorrelationId, LedgerSide.Credit, token) is { } stored)
                return stored;

            if ((Currencies.ValidateAmount(command.Amount, command.Currency) ?? AccountIds.Validate(command.AccountId)) is { } invalid)
                return Refused(LedgerOperations.Add(db, clock, command.CorrelationId, LedgerSide.Credit, OperationState.Rejected), invalid);

            // Claim the slot before touching balances, as a debit does, so a racing duplicate holds no account row
            // that a concurrent void of this saga might be waiting for.
            var credit = LedgerOperations.Add(db, clock, command.CorrelationId, LedgerSide.Credit, OperationState.Applied,
                command.AccountId, command.Amount, command.Currency);
            await db.SaveChangesAsync(token);
            var clearing = SystemAccounts.Clearing(command.Currency, command.CorrelationId);
            return await postings.TryPayIn(command.CorrelationId, PostingKind.Credit, command.AccountId, clearing, command.Amount, command.Currency,
                evenIfFrozen: false, token)
                ? credit
                : Refused(credit, await postings.Refusal(command.AccountId, command.Amount, command.Currency, token));
        }, cancellationToken);

    /// <summary>
    /// Closes the saga's credit slot: fenced if the credit never applied, reversed if the account still holds the
    /// money, kept otherwise. Returns the slot as it ends.
    /// </summary>
    public Task<LedgerOperation> Void(Guid sagaId, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            var stored = await LedgerOperations.Find(db, sagaId, LedgerSide.Credit, token);
            if (stored is null)
                return LedgerOperations.Add(db, clock, sagaId, LedgerSide.Credit, OperationState.Fenced);
            if (stored.State != OperationState.Applied)
                return stored;
            if (!await LedgerOperations.TryMove(db, clock, stored, OperationState.Applied, OperationState.Reversed, token))
                return await LedgerOperations.Find(db, sagaId, LedgerSide.Credit, token) ?? stored;

            // A reversal corrects the ledger's own mistake, so it applies to a frozen account too; what it cannot do
            // is overdraw the account, because the customer may already have spent the money.
            var clearing = SystemAccounts.Clearing(stored.Currency!, sagaId);
            if (await postings.TryPayOut(sagaId, PostingKind.CreditReversal, stored.AccountId!, clearing, stored.Amount, stored.Currency!, evenIfFrozen: true, token))
            {
                logger.LogInformation("Credit of saga {CorrelationId} reversed from {AccountId}", sagaId, stored.AccountId);
            }
            else
            {
                await LedgerOperations.TryMove(db, clock, stored, OperationState.Reversed, OperationState.Kept, token);
                logger.LogWarning("Credit of saga {CorrelationId} kept: {AccountId} no longer holds the money", sagaId, stored.AccountId);
            }

            return await LedgerOperations.Find(db, sagaId, LedgerSide.Credit, token) ?? stored;
        }, cancellationToken);

    LedgerOperation Refused(LedgerOperation credit, string reason)
    {
        logger.LogWarning("Credit of saga {CorrelationId} refused: {Reason}", credit.SagaId, reason);
        credit.State = OperationState.Rejected;
        credit.Reason = reason;
        return credit;
    }
}
