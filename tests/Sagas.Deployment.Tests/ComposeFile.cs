using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Sagas.Deployment.Tests;

/// <summary>
/// docker-compose.yml as Docker Compose reads it: anchors and merge keys (<c>&lt;&lt;: *platform-env</c>) resolved,
/// environment in map or list form.
/// </summary>
sealed class ComposeFile
{
    readonly Dictionary<object, object?> _services;

    ComposeFile(Dictionary<object, object?> document) =>
        _services = Map(document["services"], "services");

    public static ComposeFile Load()
    {
        using var reader = new StreamReader(RepositoryFiles.PathOf("docker-compose.yml"));
        var parser = new MergingParser(new Parser(reader));
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(parser);
        return new ComposeFile(document);
    }

    public IReadOnlyList<string> ServiceNames => _services.Keys.Select(key => (string)key).ToArray();

    public Dictionary<object, object?> Service(string name) =>
        Map(_services.TryGetValue(name, out var service) ? service : throw new KeyNotFoundException($"No service '{name}' in docker-compose.yml"), name);

    /// <summary>The build argument PROJECT of a service built from infra/Dockerfile, or null for a service run from an image.</summary>
    public string? ProjectOf(string service) =>
        Service(service).TryGetValue("build", out var build) && build is Dictionary<object, object?> settings
        && settings.TryGetValue("args", out var args) ? Map(args, service)["PROJECT"] as string : null;

    /// <summary>The services running the given host project (not the one-shot migrate step).</summary>
    public IReadOnlyList<string> HostsOf(string project) =>
        ServiceNames.Where(name => ProjectOf(name) == project && !IsOneShot(name)).ToArray();

    public bool IsOneShot(string service) => Service(service).TryGetValue("command", out var command) && command is List<object>;

    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        if (!Service(service).TryGetValue("environment", out var environment) || environment is null)
            return new Dictionary<string, string>();
        if (environment is List<object> list)
            return list.Cast<string>().Select(entry => entry.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");
        return Map(environment, service).ToDictionary(pair => (string)pair.Key, pair => Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
    }

    /// <summary>The services a service waits for, with the condition it waits on.</summary>
    public IReadOnlyDictionary<string, string> DependenciesOf(string service) =>
        Service(service).TryGetValue("depends_on", out var dependsOn) && dependsOn is not null
            ? Map(dependsOn, service).ToDictionary(pair => (string)pair.Key, pair => (string)Map(pair.Value, service)["condition"]!)
            : new Dictionary<string, string>();

    public static Dictionary<object, object?> Map(object? node, string where) =>
        node as Dictionary<object, object?> ?? throw new InvalidDataException($"Expected a mapping at '{where}' in docker-compose.yml");
}
