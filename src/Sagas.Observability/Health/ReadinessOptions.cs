using System.ComponentModel.DataAnnotations;

namespace Sagas.Observability.Health;

/// <summary>How a host finds out it is ready (configuration section <c>Readiness</c>).</summary>
public sealed class ReadinessOptions
{
    public const string Section = "Readiness";

    /// <summary>How often the readiness checks run until the host is ready for the first time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>What a refused write's <c>Retry-After</c> header asks the client to wait, in whole seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
