using System.Xml.Linq;

namespace Sagas.Deployment.Tests;

/// <summary>The projects under <c>src/</c> and what each references, read from their project files.</summary>
sealed class ProjectGraph
{
    readonly Dictionary<string, XDocument> _projects;

    ProjectGraph(Dictionary<string, XDocument> projects) => _projects = projects;

    public static ProjectGraph Load() => new(Directory.GetFiles(RepositoryFiles.PathOf("src"), "*.csproj", SearchOption.AllDirectories)
        .ToDictionary(file => Path.GetFileNameWithoutExtension(file), file => XDocument.Load(file)));

    public IEnumerable<string> Projects => _projects.Keys;

    public bool IsExecutable(string project) =>
        _projects[project].Descendants("OutputType").Any(output => output.Value == "Exe");

    /// <summary>The projects <paramref name="project"/> names in its own ProjectReference items.</summary>
    public IReadOnlyList<string> DirectReferences(string project) =>
        [.. _projects[project].Descendants("ProjectReference")
            .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')))];

    /// <summary>Every project <paramref name="project"/> depends on, directly or through another.</summary>
    public IReadOnlySet<string> AllReferences(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(DirectReferences(project));
        while (pending.TryPop(out var next))
            if (seen.Add(next) && _projects.ContainsKey(next))
                foreach (var reference in DirectReferences(next))
                    pending.Push(reference);
        return seen;
    }
}
