using System.Reflection;

namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>
/// The assemblies built from <c>src/</c>: every <c>Sagas.*</c> assembly the standalone host brings into this test's
/// output, which is all of them (the host references every service). Test assemblies are not the platform.
/// </summary>
static class PlatformAssemblies
{
    public static IReadOnlyList<Assembly> All { get; } = Load();

    /// <summary>Every type, nested and compiler-generated ones included: lambdas and async methods keep their code there.</summary>
    public static IEnumerable<Type> Types => All.SelectMany(assembly => assembly.GetTypes());

    static Assembly[] Load()
    {
        var assemblies = Directory.GetFiles(AppContext.BaseDirectory, "Sagas.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal))
            .Select(name => Assembly.Load(name!))
            .OrderBy(assembly => assembly.GetName().Name, StringComparer.Ordinal)
            .ToArray();
        string[] expected =
        [
            "Sagas.Hosting", "Sagas.Inventory", "Sagas.Ledger", "Sagas.Notify", "Sagas.Orchestrator", "Sagas.Outbox", "Sagas.Persistence",
            "Sagas.Scheduling", "Sagas.Shipping", "Sagas.Standalone",
        ];
        var missing = expected.Except(assemblies.Select(assembly => assembly.GetName().Name!)).ToList();
        return missing.Count == 0
            ? assemblies
            : throw new InvalidOperationException($"Platform assemblies missing from {AppContext.BaseDirectory}: {string.Join(", ", missing)}");
    }
}
