using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Ledger;
using Sagas.Messaging;

namespace Sagas.Workers.Ledger;

/// <summary>Debit role: takes the saga's money into clearing once; a duplicate gets the stored outcome, a refused one after a refund.</summary>
sealed class DebitAccountConsumer(Debits debits, IMessageDispatcher dispatcher, ILogger<DebitAccountConsumer> logger)
    : WorkerConsumer<DebitAccount>(logger)
{
    protected override async Task Handle(ConsumeContext<DebitAccount> context)
    {
        var debit = await debits.Debit(context.Message, context.CancellationToken);
        await (debit.State switch
        {
            OperationState.Applied => dispatcher.Dispatch(
                new AccountDebited(debit.SagaId, debit.AccountId!, debit.Amount, debit.Currency!), context, context.CancellationToken),
            OperationState.Rejected => dispatcher.Dispatch(new DebitRejected(debit.SagaId, debit.Reason!), context, context.CancellationToken),
            _ => dispatcher.Dispatch(new DebitRejected(debit.SagaId, LedgerRefusals.Refunded), context, context.CancellationToken),
        });
    }
}
