using Microsoft.Extensions.Options;

namespace Sagas.Outbox;

/// <summary>Refuses outbox options that could not be honoured, naming each problem.</summary>
internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var failures = new List<string>();
        void Require(bool condition, string failure)
        {
            if (!condition)
                failures.Add(failure);
        }

        Require(options.BatchSize >= 1, "Outbox:BatchSize must be at least 1.");
        Require(options.LeaseDuration > TimeSpan.Zero, "Outbox:LeaseDuration must be positive.");
        Require(options.SettleInterval > TimeSpan.Zero, "Outbox:SettleInterval must be positive.");
        Require(options.RetryBackoff > TimeSpan.Zero, "Outbox:RetryBackoff must be positive.");
        Require(options.RetryMaxBackoff >= options.RetryBackoff, "Outbox:RetryMaxBackoff must not be shorter than RetryBackoff.");
        Require(options.OutageRetryInterval > TimeSpan.Zero, "Outbox:OutageRetryInterval must be positive.");
        Require(options.ErrorAfterAttempts >= 1, "Outbox:ErrorAfterAttempts must be at least 1.");
        Require(options.UnhealthyAfterFailingFor > TimeSpan.Zero, "Outbox:UnhealthyAfterFailingFor must be positive.");
        Require(options.MaxBacklogAge > TimeSpan.Zero, "Outbox:MaxBacklogAge must be positive.");
        Require(options.SweepInterval > TimeSpan.Zero, "Outbox:SweepInterval must be positive.");
        Require(options.RelayId is null || (options.RelayId.Trim().Length > 0 && options.RelayId.Length <= OutboxOptions.MaxRelayIdLength),
            $"Outbox:RelayId must be 1 to {OutboxOptions.MaxRelayIdLength} characters when set.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
