using System.ComponentModel.DataAnnotations;

namespace Sagas.Gateway;

/// <summary>
/// Where the services are and how the gateway watches them (configuration section <c>Gateway</c>). Every key is
/// settable from the environment: <c>Gateway__Services__orchestrator__0=http://orchestrator-1:8080</c>.
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Each service's base addresses by service name; the route table says which paths each one serves.</summary>
    public Dictionary<string, List<string>> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The path every destination is probed on; a destination that fails it twice in a row is left out.</summary>
    public string HealthProbePath { get; set; } = "/health/ready";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a service may take to send its response headers, or go quiet in a body, before the gateway answers 503;
    /// a saga's first transition runs inside its POST, so this is well above what one takes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong with these options for this route table; empty when they can be used.</summary>
    public IEnumerable<string> Problems(IEnumerable<string> routedServices)
    {
        var outOfRange = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), outOfRange, validateAllProperties: true);
        foreach (var result in outOfRange)
            yield return $"{Section}:{string.Join(", ", result.MemberNames)}: {result.ErrorMessage}";
        foreach (var service in routedServices.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (Services.GetValueOrDefault(service) is not { Count: > 0 })
                yield return $"{Section}:Services:{service} has no destination (set {Section}__Services__{service}__0=http://host:port)";
        }
        foreach (var (service, destinations) in Services)
        {
            foreach (var destination in destinations.Where(destination => !IsHttpAddress(destination)))
                yield return $"{Section}:Services:{service} has '{destination}', which is not an absolute http(s) address";
        }
        if (!HealthProbePath.StartsWith('/'))
            yield return $"{Section}:HealthProbePath must start with '/'";
    }

    static bool IsHttpAddress(string destination) =>
        Uri.TryCreate(destination, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
