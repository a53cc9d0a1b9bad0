using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Sagas.Scheduling;

/// <summary>Refuses scheduling options Quartz could not honour, naming each problem.</summary>
internal sealed partial class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var failures = new List<string>();
        Require(failures, !string.IsNullOrWhiteSpace(options.SchedulerName), "Scheduling:SchedulerName must not be empty.");
        Require(failures, !string.IsNullOrWhiteSpace(options.Database), "Scheduling:Database must not be empty.");
        Require(failures, !string.IsNullOrWhiteSpace(options.SqliteFile), "Scheduling:SqliteFile must not be empty.");
        // Pasted unquoted into Quartz's statements and our DDL, so it must be a plain identifier on every provider.
        Require(failures, PlainIdentifier().IsMatch(options.TablePrefix ?? ""),
            "Scheduling:TablePrefix must be letters, digits and underscores, starting with a letter or underscore.");
        Require(failures, Enum.IsDefined(options.Store), $"Scheduling:Store must be one of {string.Join(", ", Enum.GetNames<TimeoutStore>())}.");
        Require(failures, options.SweepInterval > TimeSpan.Zero, "Scheduling:SweepInterval must be positive.");
        Require(failures, options.IdleWaitTime >= TimeSpan.FromSeconds(1), "Scheduling:IdleWaitTime must be at least 1 second (a Quartz limit).");
        Require(failures, options.MisfireThreshold > TimeSpan.Zero, "Scheduling:MisfireThreshold must be positive.");
        Require(failures, options.StoreRetryInterval > TimeSpan.Zero, "Scheduling:StoreRetryInterval must be positive.");
        Require(failures, options.ClusterCheckinInterval > TimeSpan.Zero, "Scheduling:ClusterCheckinInterval must be positive.");
        Require(failures, options.ClusterCheckinMisfireThreshold > TimeSpan.Zero, "Scheduling:ClusterCheckinMisfireThreshold must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainIdentifier();

    static void Require(List<string> failures, bool condition, string failure)
    {
        if (!condition)
            failures.Add(failure);
    }
}
