using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Ledger;
using Sagas.Hosting.Workers;

namespace Sagas.Ledger;

/// <summary>Credit role: closes the saga's credit slot and tells whether the credit was fenced, reversed or kept.</summary>
sealed class VoidCreditConsumer(Credits credits, ILogger<VoidCreditConsumer> logger)
    : WorkerConsumer<VoidCredit>(logger)
{
    protected override async Task Handle(ConsumeContext<VoidCredit> context)
    {
        var credit = await credits.Void(context.Message.CorrelationId, context.CancellationToken);
        var outcome = credit.State switch
        {
            OperationState.Reversed => CreditVoidOutcome.Reversed,
            OperationState.Kept => CreditVoidOutcome.Kept,
            _ => CreditVoidOutcome.Fenced,
        };
        await context.RespondAsync(new CreditVoided(credit.SagaId, outcome));
    }
}
