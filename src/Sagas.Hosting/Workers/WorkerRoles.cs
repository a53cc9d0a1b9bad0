using Microsoft.Extensions.Configuration;
using Sagas.Messaging;

namespace Sagas.Hosting.Workers;

/// <summary>Reads which worker roles a host runs from configuration text such as <c>"debit, credit"</c>.</summary>
public static class WorkerRoles
{
    /// <summary>Every role, for hosts that run all workers.</summary>
    public static IReadOnlyList<WorkerRole> All { get; } = Enum.GetValues<WorkerRole>();

    /// <summary>The roles named in a comma-separated list (case-insensitive); empty or blank means all of them.</summary>
    /// <exception cref="FormatException">A name is not a worker role.</exception>
    public static IReadOnlyList<WorkerRole> Parse(string? roles)
    {
        var names = (roles ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            return All;
        return names.Select(ParseOne).Distinct().ToArray();
    }

    /// <summary>
    /// The roles in <c>Workers:Roles</c>, given either as one comma-separated string or as a list; for hosts that
    /// must know their roles while registering consumers, before options exist.
    /// </summary>
    public static IReadOnlyList<WorkerRole> FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(WorkerOptions.Section).GetSection(nameof(WorkerOptions.Roles));
        return Parse(section.Value ?? string.Join(',', section.GetChildren().Select(child => child.Value)));
    }

    static WorkerRole ParseOne(string name) =>
        !int.TryParse(name, out _) && Enum.TryParse<WorkerRole>(name, ignoreCase: true, out var role)
            ? role
            : throw new FormatException(
                $"'{name}' is not a worker role; Workers:Roles takes a comma-separated list of {string.Join(", ", All)}.");
}
