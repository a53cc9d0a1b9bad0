using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Sagas.Persistence.Sagas;
using Sagas.Persistence.Schema;
using Sagas.Persistence.Tests.Support;

namespace Sagas.Persistence.Tests;

/// <summary>No SQL Server runs here, so these check the SQL we would send it.</summary>
public sealed class When_targeting_sql_server
{
    static readonly Guid SagaId = Guid.Parse("0b6c7d2e-5f43-4a8e-9d1c-3e2f4a5b6c7d");

    [Fact]
    public void Version_one_is_the_models_create_script_in_the_service_schema()
    {
        using var context = Counters();

        var commands = SchemaScripts.CreateCommands(context);

        Assert.Contains(commands, command => command.Contains("CREATE SCHEMA [orders]", StringComparison.Ordinal));
        var counters = Assert.Single(commands, command => command.StartsWith("CREATE TABLE [orders].[Counters]", StringComparison.Ordinal));
        Assert.Contains("[CorrelationId] uniqueidentifier NOT NULL", counters, StringComparison.Ordinal);
        Assert.Contains("[CurrentState] nvarchar(64) NOT NULL", counters, StringComparison.Ordinal);
        Assert.Contains("[Marks] nvarchar(max) NOT NULL", counters, StringComparison.Ordinal);
        Assert.Contains("[Version] int NOT NULL", counters, StringComparison.Ordinal);
        Assert.Contains(commands, command => command.Contains("CREATE INDEX [IX_Counters_CurrentState] ON [orders].[Counters] ([CurrentState])", StringComparison.Ordinal));
        Assert.Contains(commands, command => command.StartsWith("CREATE TABLE [orders].[AuditEntries]", StringComparison.Ordinal));
        var script = context.Database.GenerateCreateScript();
        Assert.All(commands, command => Assert.Contains(command.Trim(), script, StringComparison.Ordinal));
    }

    [Fact]
    public void A_saga_is_loaded_under_an_update_row_lock_after_an_application_lock_on_its_id()
    {
        using var context = Counters();

        var locks = SagaLockStatements.For<CounterSaga>(context, TimeSpan.FromSeconds(5));

        Assert.Equal("SELECT * FROM [orders].[Counters] WITH (UPDLOCK, ROWLOCK) WHERE [CorrelationId] = {0}", locks.SelectForUpdate);
        Assert.Equal("SET LOCK_TIMEOUT 5000", locks.BeginTransaction);
        Assert.Contains("sp_getapplock @Resource = {0}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 5000",
            locks.LockSagaId, StringComparison.Ordinal);
        Assert.Equal($"[orders].[Counters]:{SagaId:N}", locks.LockKey(SagaId));
    }

    [Fact]
    public void The_schema_is_applied_under_an_application_lock_with_its_version_table_in_the_service_schema()
    {
        using var context = Counters();

        var dialect = SchemaDialect.For(context, TimeSpan.FromSeconds(5));

        Assert.Equal("[orders].[__SchemaVersions]", dialect.VersionTable);
        Assert.Contains("sp_getapplock @Resource = @p0, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 5000",
            dialect.AcquireLock, StringComparison.Ordinal);
        Assert.Contains("EXEC(N'CREATE SCHEMA [orders]')", dialect.CreateVersionTable, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [orders].[__SchemaVersions]", dialect.CreateVersionTable, StringComparison.Ordinal);
    }

    static CounterDbContext Counters()
    {
        var options = new DbContextOptionsBuilder<CounterDbContext>()
            .UseSqlServer("Server=unused;Database=unused;Integrated Security=false")
            .ReplaceService<IModelCacheKeyFactory, ServiceModelCacheKeyFactory>().Options;
        return new CounterDbContext(options, new TestService("orders"));
    }
}
