using System.ComponentModel.DataAnnotations;
using Sagas.Messaging;

namespace Sagas.Hosting.Workers;

/// <summary>Which workers a host runs and how their endpoints retry (configuration section <c>Workers</c>).</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string Section = "Workers";

    /// <summary>
    /// Role names, as a configuration list or one comma-separated string (<c>Workers__Roles=debit,credit</c>);
    /// empty means every role.
    /// </summary>
    public IList<string> Roles { get; set; } = [];

    /// <summary>
    /// In-process retries of a command that failed on infrastructure (a busy database, a sink that timed out);
    /// after the last one the message faults and the transport's redelivery takes over.
    /// </summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 3;

    /// <summary>The wait before the first retry; each further retry waits this much longer.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The roles to run; a method, not a property, because it throws on a bad name and validation reads every property.</summary>
    public IReadOnlyList<WorkerRole> ParsedRoles() => WorkerRoles.Parse(string.Join(',', Roles));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? error = null;
        try
        {
            _ = ParsedRoles();
        }
        catch (FormatException exception)
        {
            error = exception.Message;
        }

        if (error is not null)
            yield return new ValidationResult(error, [nameof(Roles)]);
    }
}
