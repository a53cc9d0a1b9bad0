using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Ledger;
using Sagas.Hosting.Workers;

namespace Sagas.Ledger;

/// <summary>Debit role: gives the saga's debit back if it applied and closes the slot for good.</summary>
sealed class RefundDebitConsumer(Debits debits, ILogger<RefundDebitConsumer> logger)
    : WorkerConsumer<RefundDebit>(logger)
{
    protected override async Task Handle(ConsumeContext<RefundDebit> context)
    {
        var debit = await debits.Refund(context.Message.CorrelationId, context.CancellationToken);
        await context.RespondAsync(new DebitRefunded(debit.SagaId, DebitWasApplied: debit.State == OperationState.Reversed));
    }
}
