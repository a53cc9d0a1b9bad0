using Sagas.Persistence;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.Api;

/// <summary>
/// One <see cref="ApiFactory"/> per database provider, started when a test first asks for it: on SQLite files, and on a
/// fresh PostgreSQL database when <c>SAGAS_TEST_POSTGRES</c> is set, so the same HTTP scenarios run on both.
/// </summary>
public sealed class ApiHosts : IAsyncLifetime
{
    readonly SemaphoreSlim _gate = new(1, 1);
    readonly Dictionary<DatabaseProvider, ApiFactory> _hosts = [];
    readonly List<PostgresDatabase> _databases = [];

    public async Task<ApiFactory> On(DatabaseProvider provider)
    {
        await _gate.WaitAsync();
        try
        {
            if (_hosts.TryGetValue(provider, out var host))
                return host;
            host = provider switch
            {
                DatabaseProvider.Sqlite => new ApiFactory(),
                DatabaseProvider.PostgreSql => new ApiFactory(await Postgres()),
                _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "No API host for this provider here."),
            };
            _hosts.Add(provider, host);
            return host;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
            await host.DisposeAsync();
        foreach (var database in _databases)
            await database.DisposeAsync();
        _gate.Dispose();
    }

    async Task<Dictionary<string, string?>> Postgres()
    {
        var database = await PostgresDatabase.Create();
        _databases.Add(database);
        return database.Settings;
    }
}
