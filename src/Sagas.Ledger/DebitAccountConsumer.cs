using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Ledger;
using Sagas.Hosting.Workers;

namespace Sagas.Ledger;

/// <summary>Debit role: takes the saga's money into clearing once; a duplicate gets the stored outcome, a refused one after a refund.</summary>
sealed class DebitAccountConsumer(Debits debits, ILogger<DebitAccountConsumer> logger)
    : WorkerConsumer<DebitAccount>(logger)
{
    protected override async Task Handle(ConsumeContext<DebitAccount> context)
    {
        var debit = await debits.Debit(context.Message, context.CancellationToken);
        await (debit.State switch
        {
            OperationState.Applied => context.RespondAsync(new AccountDebited(debit.SagaId, debit.AccountId!, debit.Amount, debit.Currency!)),
            OperationState.Rejected => context.RespondAsync(new DebitRejected(debit.SagaId, debit.Reason!)),
            _ => context.RespondAsync(new DebitRejected(debit.SagaId, LedgerRefusals.Refunded)),
        });
    }
}
