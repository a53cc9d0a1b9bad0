using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using Sagas.Orchestrator.Data;
using Sagas.Persistence;
using Sagas.Persistence.Schema;
using Sagas.SqlServer.Tests.Checks;
using Sagas.Standalone;

namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>
/// Every SQL text the platform builds for SQL Server, found from the code: the standalone host is built (not started) on
/// the SqlServer provider, and for each service database it registers (what the migrate command applies) the catalog takes
/// EF Core's create script, the SQL Server script of each schema step, and what every statement builder of
/// <c>src/</c> renders for that DbContext (<see cref="StatementBuilders"/>). Then the hot path's SQL as EF Core generates it
/// (<see cref="HotPathCommands"/>) and the compose file's init scripts; and, apart, Quartz's own statements
/// (<see cref="Catalog.QuartzStatements"/>). Nothing connects to a server. That the code's SQL literals are all among
/// these statements is for the test to check (<see cref="SqlLiterals"/>).
/// </summary>
public sealed partial class SqlServerCatalog : IAsyncLifetime
{
    static readonly Dictionary<string, string?> Settings = new()
    {
        ["Persistence:Provider"] = "SqlServer",
        ["Persistence:ConnectionString"] = "Server=sqlserver.invalid;Database=Sagas;User Id=sa;Password=unused;TrustServerCertificate=True",
        ["Scheduling:Store"] = "Persistent",
        ["Kafka:BootstrapServers"] = "kafka.invalid:9092",
    };

    readonly List<SqlServerStatement> _statements = [];
    readonly List<SqlServerStatement> _quartzStatements = [];
    readonly List<string> _templates = [];
    readonly List<string> _unrenderable = [];
    readonly Dictionary<string, SchemaModel> _schemas = [];

    public IReadOnlyList<SqlServerStatement> Statements => _statements;

    /// <summary>Quartz's own SQL Server statements, as it sends them with our table prefix; the Quartz schema's names must fit them.</summary>
    public IReadOnlyList<SqlServerStatement> QuartzStatements => _quartzStatements;

    /// <summary>Every SQL text as the code builds it, before parameters are filled in: where the code's literals must be found.</summary>
    public IReadOnlyList<string> Templates => _templates;

    /// <summary>Schema steps written as code, whose SQL cannot be known without running them against a server.</summary>
    public IReadOnlyList<string> Unrenderable => _unrenderable;

    /// <summary>Each service's SQL Server schema, by the service name its database is registered under.</summary>
    public IReadOnlyDictionary<string, SchemaModel> Schemas => _schemas;

    public async Task InitializeAsync()
    {
        await using var app = StandalonePlatform.Build([], Settings);
        var registrations = app.Services.GetServices<ServiceDatabaseRegistration>().DistinctBy(registration => registration.ContextType).ToList();
        await using (var scope = app.Services.CreateAsyncScope())
            foreach (var registration in registrations)
                AddService(registration.Service, (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType));

        // The Quartz tables are the one schema written by hand (IScriptedSchema) rather than from an EF model.
        var quartzSchema = registrations.Single(registration => registration.ContextType.IsAssignableTo(typeof(IScriptedSchema))).Service;
        var tablePrefix = app.Services.GetRequiredService<IOptionsMonitor<AdoJobStoreOptions>>().Get(Options.DefaultName).TablePrefix;
        foreach (var (name, sql) in Catalog.QuartzStatements.For(tablePrefix))
            _quartzStatements.Add(new($"Quartz {name}", sql, quartzSchema));

        foreach (var (source, sql) in await HotPathCommands.Capture(app.Services.GetRequiredService<DbContextOptions<OrchestratorDbContext>>()))
            _statements.Add(new(source, sql, OrchestratorDbContext.Service));

        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "infra", "sqlserver"), "*.sql").Order(StringComparer.Ordinal))
            _statements.Add(new($"infra/sqlserver/{Path.GetFileName(file)}", await File.ReadAllTextAsync(file), null));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    void AddService(string service, DbContext context)
    {
        var contextName = context.GetType().Name;
        var createScript = context.Database.GenerateCreateScript();
        _statements.Add(new($"GenerateCreateScript of {contextName}", createScript, null));

        var built = StatementBuilders.Render(context).DistinctBy(statement => statement.Text).ToList();
        _templates.AddRange(built.Select(statement => statement.Text));
        foreach (var (source, template) in built.Where(statement => IsStatement(statement.Text)))
            _statements.Add(new(source, WithParameters(template), service));

        foreach (var step in context is IVersionedSchema versioned ? versioned.SchemaSteps : [])
        {
            if (step.Scripts is null)
            {
                _unrenderable.Add($"schema step {step.Version} of {contextName} ({step.Description}) is code, not SQL");
                continue;
            }
            _templates.Add(step.Scripts[DatabaseProvider.SqlServer]);
            _statements.Add(new($"schema step {step.Version} of {contextName}", step.ScriptFor(context)!, null));
        }

        _schemas[service] = new SchemaModel([createScript, .. built.Select(statement => statement.Text)]);
    }

    /// <summary>A builder's output of more than one word is a statement; one word is a name it also gives (a table, a schema).</summary>
    static bool IsStatement(string text) => text.Trim().Any(char.IsWhiteSpace);

    /// <summary>
    /// Fills a template's <c>{0}</c>-style placeholders the way EF Core's <c>ExecuteSqlRaw</c> and <c>FromSqlRaw</c> send
    /// them, as parameters <c>@p0</c>, <c>@p1</c>, …; statements run through <c>RawSql</c> already name them so.
    /// </summary>
    static string WithParameters(string template) => Placeholder().Replace(template, "@p$1");

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
