namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>Files of the repository this test build came from (found by walking up to the directory holding Sagas.sln).</summary>
static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Sagas.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"No Sagas.sln above {AppContext.BaseDirectory}.");
    }
}
