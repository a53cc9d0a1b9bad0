using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Fraud;
using Sagas.Hosting.Workers;

namespace Sagas.Fraud;

/// <summary>Fraud role: passes or fails a payment by the configured rules.</summary>
sealed class CheckFraudConsumer(FraudRules rules, ILogger<CheckFraudConsumer> logger)
    : WorkerConsumer<CheckFraud>(logger)
{
    protected override async Task Handle(ConsumeContext<CheckFraud> context)
    {
        var check = context.Message;
        if (rules.Refusal(check) is { } reason)
        {
            Logger.LogWarning("Fraud check of saga {CorrelationId} failed: {Reason}", check.CorrelationId, reason);
            await context.RespondAsync(new FraudCheckFailed(check.CorrelationId, reason));
            return;
        }

        await context.RespondAsync(new FraudCheckPassed(check.CorrelationId));
    }
}
