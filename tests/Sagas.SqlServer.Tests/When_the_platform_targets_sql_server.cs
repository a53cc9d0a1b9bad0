using Sagas.SqlServer.Tests.Catalog;
using Sagas.SqlServer.Tests.Checks;

namespace Sagas.SqlServer.Tests;

/// <summary>
/// No SQL Server runs here, so everything the platform would send one is checked with Microsoft's own T-SQL parser at
/// SQL Server 2022's level, and against each service's SQL Server schema. <see cref="SqlServerCatalog"/> says where the
/// statements come from; none is listed by hand.
/// </summary>
public sealed class When_the_platform_targets_sql_server(SqlServerCatalog catalog) : IClassFixture<SqlServerCatalog>
{
    [Fact]
    public void Every_statement_parses_as_sql_server_2022()
    {
        var failures = catalog.Statements
            .Select(statement => (statement, errors: TSql.ErrorsOf(statement.Text)))
            .Where(result => result.errors.Count > 0)
            .Select(result => $"{result.statement}\n  {string.Join("\n  ", result.errors)}")
            .ToList();

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {catalog.Statements.Count} SQL Server statements do not parse:\n\n{string.Join("\n\n", failures)}");
        Assert.True(catalog.Unrenderable.Count == 0, string.Join("\n", catalog.Unrenderable));
    }

    [Fact]
    public void Every_sql_text_written_in_the_code_is_among_the_parsed_statements()
    {
        var missed = SqlLiterals.ForSqlServer
            .Where(literal => !catalog.Templates.Any(template => template.Contains(literal.Text, StringComparison.Ordinal)))
            .Select(literal => $"{literal.Member}: {literal.Text}")
            .ToList();

        Assert.True(missed.Count == 0,
            "SQL for SQL Server is written in these places but no statement rendered for SQL Server holds it; build it in a static " +
            $"method that takes the DbContext (like SagaLockStatements.For), so this test renders and parses it:\n{string.Join("\n", missed)}");
        // What the design names is among what was found: the discovery did not come back empty-handed.
        Assert.Contains(catalog.Statements, statement => statement.Text.Contains("sp_getapplock @Resource = @p0", StringComparison.Ordinal));
        Assert.Contains(catalog.Statements, statement => statement.Text.Contains("WITH (UPDLOCK, READPAST, ROWLOCK)", StringComparison.Ordinal));
        Assert.Contains(catalog.Statements, statement => statement.Text.Contains("WITH (UPDLOCK, HOLDLOCK)", StringComparison.Ordinal));
        Assert.Contains(catalog.Statements, statement => statement.Text.StartsWith("CREATE TABLE [orchestrator].qrtz_TRIGGERS", StringComparison.Ordinal));
        Assert.Contains(catalog.Statements, statement => statement.Source.StartsWith("schema step 7 of OrchestratorDbContext", StringComparison.Ordinal));
        Assert.Contains(catalog.Statements, statement => statement.Source.StartsWith("schema step 2 of InventoryDbContext", StringComparison.Ordinal));
        Assert.Contains(catalog.Statements, statement => statement.Text == "GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::[ledger] TO [sagas_service]");
        Assert.Contains(catalog.Statements, statement => statement.Text.Contains("CREATE USER sagas_ledger FOR LOGIN sagas_ledger", StringComparison.Ordinal));
        Assert.Equal(["inventory", "ledger", "notify", "orchestrator", "shipping", "timeouts"], catalog.Schemas.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_hot_path_queries_ef_core_generates_parse()
    {
        var hotPath = catalog.Statements.Where(statement => statement.Source.StartsWith("hot path:", StringComparison.Ordinal)).ToDictionary(
            statement => statement.Source["hot path: ".Length..], statement => statement.Text);

        Assert.Contains("FROM [orchestrator].[Transfers] AS [t]", hotPath["saga batch preload (transfers)"], StringComparison.Ordinal);
        Assert.Contains("FROM [orchestrator].[Orders] AS [o]", hotPath["saga batch preload (orders)"], StringComparison.Ordinal);
        Assert.Contains("FROM [orchestrator].[Inbox] AS [i]", hotPath["inbox lookup of a batch"], StringComparison.Ordinal);
        Assert.Equal("SET LOCK_TIMEOUT 30000", hotPath["saga lock timeout"]);
        Assert.Contains("EXEC @result = sp_getapplock @Resource = @p0", hotPath["saga id lock"], StringComparison.Ordinal);
        Assert.Contains("WITH (UPDLOCK, ROWLOCK) WHERE [CorrelationId] = @p0", hotPath["saga load under row lock"], StringComparison.Ordinal);
        var save = hotPath["batch save"];
        Assert.Contains("UPDATE [orchestrator].[Transfers] SET", save, StringComparison.Ordinal);
        Assert.Matches(@"WHERE \[CorrelationId\] = @p\d+ AND \[Version\] = @p\d+", save);
        Assert.Contains("INSERT INTO [orchestrator].[Orders]", save, StringComparison.Ordinal);
        Assert.Contains("[orchestrator].[Inbox]", save, StringComparison.Ordinal);
        Assert.Contains("[orchestrator].[Outbox]", save, StringComparison.Ordinal);
        Assert.Contains(catalog.Statements, statement => statement.Source == "inbox cleanup"
            && statement.Text.Contains("DELETE FROM [i]", StringComparison.Ordinal) && statement.Text.Contains("[orchestrator].[Inbox]", StringComparison.Ordinal));
        Assert.All(hotPath, statement => Assert.True(TSql.ErrorsOf(statement.Value).Count == 0,
            $"{statement.Key}:\n{statement.Value}\n{string.Join("\n", TSql.ErrorsOf(statement.Value))}"));
    }

    [Fact]
    public void Every_table_and_column_a_statement_names_is_in_its_service_schema()
    {
        var checkedStatements = catalog.Statements.Where(statement => statement.Service is not null).ToList();

        var failures = checkedStatements
            .Select(statement => (statement, problems: NameCheck.UnknownNames(statement.Text, catalog.Schemas[statement.Service!])))
            .Where(result => result.problems.Count > 0)
            .Select(result => $"{result.statement}\n  {string.Join("\n  ", result.problems)}")
            .ToList();

        Assert.True(failures.Count == 0,
            $"{failures.Count} statements name what their service's SQL Server schema does not have:\n\n{string.Join("\n\n", failures)}");
        Assert.All(catalog.Schemas, schema => Assert.True(schema.Value.TableCount > 0, $"{schema.Key} has no tables"));
        Assert.True(checkedStatements.Count >= 20, $"only {checkedStatements.Count} statements were checked against a schema");
    }

    [Fact]
    public void Lock_hints_appear_only_where_sql_server_allows_them()
    {
        var failures = catalog.Statements
            .Select(statement => (statement, problems: LockHintRules.Violations(statement.Text)))
            .Where(result => result.problems.Count > 0)
            .Select(result => $"{result.statement}\n  {string.Join("\n  ", result.problems)}")
            .ToList();

        Assert.True(failures.Count == 0, $"{failures.Count} statements use table hints where they do not belong:\n\n{string.Join("\n\n", failures)}");
    }

    [Fact]
    public void Quartz_statements_name_only_tables_and_columns_our_quartz_tables_have()
    {
        var failures = catalog.QuartzStatements
            .Select(statement => (statement, problems: NameCheck.UnknownNames(statement.Text, catalog.Schemas[statement.Service!])
                // A few are the correlated part of a statement Quartz assembles, naming the outer query's alias.
                .Where(problem => !problem.EndsWith("names no table of the statement", StringComparison.Ordinal)).ToList()))
            .Where(result => result.problems.Count > 0)
            .Select(result => $"{result.statement}\n  {string.Join("\n  ", result.problems)}")
            .ToList();

        Assert.True(failures.Count == 0, $"{failures.Count} of Quartz's statements do not fit our Quartz tables:\n\n{string.Join("\n\n", failures)}");
        Assert.True(catalog.QuartzStatements.Count >= 50, $"only {catalog.QuartzStatements.Count} Quartz statements were found");
    }
}
