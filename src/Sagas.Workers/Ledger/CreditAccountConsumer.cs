using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Ledger;
using Sagas.Messaging;

namespace Sagas.Workers.Ledger;

/// <summary>Credit role: pays the saga's money out of clearing once; a duplicate gets the stored outcome, a refusal after a void that took it back.</summary>
sealed class CreditAccountConsumer(Credits credits, IMessageDispatcher dispatcher, ILogger<CreditAccountConsumer> logger)
    : WorkerConsumer<CreditAccount>(logger)
{
    protected override async Task Handle(ConsumeContext<CreditAccount> context)
    {
        var credit = await credits.Credit(context.Message, context.CancellationToken);
        await (credit.State switch
        {
            OperationState.Applied or OperationState.Kept => dispatcher.Dispatch(
                new AccountCredited(credit.SagaId, credit.AccountId!, credit.Amount, credit.Currency!), context, context.CancellationToken),
            OperationState.Rejected => dispatcher.Dispatch(new CreditRejected(credit.SagaId, credit.Reason!), context, context.CancellationToken),
            _ => dispatcher.Dispatch(new CreditRejected(credit.SagaId, LedgerRefusals.Voided), context, context.CancellationToken),
        });
    }
}
