using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Ledger;
using Sagas.Hosting.Workers;

namespace Sagas.Ledger;

/// <summary>Credit role: pays the saga's money out of clearing once; a duplicate gets the stored outcome, a refusal after a void that took it back.</summary>
sealed class CreditAccountConsumer(Credits credits, ILogger<CreditAccountConsumer> logger)
    : WorkerConsumer<CreditAccount>(logger)
{
    protected override async Task Handle(ConsumeContext<CreditAccount> context)
    {
        var credit = await credits.Credit(context.Message, context.CancellationToken);
        await (credit.State switch
        {
            OperationState.Applied or OperationState.Kept => context.RespondAsync(new AccountCredited(credit.SagaId, credit.AccountId!, credit.Amount, credit.Currency!)),
            OperationState.Rejected => context.RespondAsync(new CreditRejected(credit.SagaId, credit.Reason!)),
            _ => context.RespondAsync(new CreditRejected(credit.SagaId, LedgerRefusals.Voided)),
        });
    }
}
