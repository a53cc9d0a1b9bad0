using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using Sagas.Scheduling.Schema;
using Sagas.Scheduling.Tests.Infrastructure;

namespace Sagas.Scheduling.Tests;

/// <summary>No SQL Server runs here, so these check the schema we would create and the prefix Quartz would use.</summary>
public sealed class When_the_timeout_store_targets_sql_server
{
    static readonly Dictionary<string, string?> Settings = new()
    {
        ["Scheduling:Store"] = "Persistent",
        ["Persistence:Provider"] = "SqlServer",
        ["ConnectionStrings:orchestrator"] = "Server=sql.example;Database=orchestrator;User Id=sa;Password=unused;TrustServerCertificate=true",
    };

    [Fact]
    public void Quartz_reads_its_tables_from_the_orchestrator_schema()
    {
        using var services = TimeoutStoreSchemaHost.Build(Settings);

        var store = services.GetRequiredService<IOptionsMonitor<AdoJobStoreOptions>>().Get(Options.DefaultName);
        Assert.Equal("[orchestrator].qrtz_", store.TablePrefix);
        Assert.Equal(SchemaProvisioning.Validate, store.SchemaProvisioning);
    }

    [Fact]
    public void Version_one_creates_every_table_and_column_quartz_requires()
    {
        var commands = CreateCommands();

        foreach (var table in TimeoutStoreSchemaHost.TablesQuartzRequires())
            Assert.Single(commands, command => command.StartsWith($"CREATE TABLE [orchestrator].qrtz_{table} (", StringComparison.Ordinal));
        foreach (var (table, column) in TimeoutStoreSchemaHost.ColumnsQuartzRequires())
            Assert.Contains($"\n    {column} ", TableCommand(commands, table), StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_use_sql_server_types_and_keys_reference_the_qualified_tables()
    {
        var commands = CreateCommands();

        var jobs = TableCommand(commands, "JOB_DETAILS");
        Assert.Contains("SCHED_NAME nvarchar(120) NOT NULL", jobs, StringComparison.Ordinal);
        Assert.Contains("IS_DURABLE bit NOT NULL", jobs, StringComparison.Ordinal);
        Assert.Contains("JOB_DATA varbinary(max) NULL", jobs, StringComparison.Ordinal);
        Assert.Contains("PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)", jobs, StringComparison.Ordinal);
        var triggers = TableCommand(commands, "TRIGGERS");
        Assert.Contains("NEXT_FIRE_TIME bigint NULL", triggers, StringComparison.Ordinal);
        Assert.Contains("PREFERRED_NODE_AUTO bit NOT NULL DEFAULT 0", triggers, StringComparison.Ordinal);
        Assert.Contains("REFERENCES [orchestrator].qrtz_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP)", triggers, StringComparison.Ordinal);
        Assert.Contains("REPEAT_COUNT int NOT NULL", TableCommand(commands, "SIMPLE_TRIGGERS"), StringComparison.Ordinal);
        Assert.Contains("ON DELETE CASCADE", TableCommand(commands, "SIMPLE_TRIGGERS"), StringComparison.Ordinal);
        Assert.Contains(commands, command => command.StartsWith("CREATE INDEX IDX_qrtz_T_NFT_ST ON [orchestrator].qrtz_TRIGGERS (", StringComparison.Ordinal));
        Assert.All(commands, command => Assert.Equal(command.Count(c => c == '('), command.Count(c => c == ')')));
    }

    static IReadOnlyList<string> CreateCommands()
    {
        using var services = TimeoutStoreSchemaHost.Build(Settings);
        using var scope = services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TimeoutStoreDbContext>();
        Assert.Equal("orchestrator", context.Schema);
        Assert.Equal("qrtz_schema_versions", context.VersionTable);
        return context.CreateCommands;
    }

    static string TableCommand(IReadOnlyList<string> commands, string table) =>
        Assert.Single(commands, command => command.StartsWith($"CREATE TABLE [orchestrator].qrtz_{table} (", StringComparison.Ordinal));
}
