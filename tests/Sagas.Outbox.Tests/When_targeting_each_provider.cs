using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Sagas.Outbox.Delivery;
using Sagas.Outbox.Tests.Support;

namespace Sagas.Outbox.Tests;

/// <summary>
/// The DDL the upgrade step creates the table with is what EF Core generates for the outbox model on each provider (so
/// an upgraded database and a new one hold the same table), and the sweep's claims use each provider's row-claiming
/// idiom. No SQL Server runs here, so for it these checks of the generated SQL are the coverage.
/// </summary>
public sealed partial class When_targeting_each_provider
{
    public static TheoryData<string> Providers => ["Sqlite", "PostgreSql", "SqlServer"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_schema_step_creates_the_table_and_indexes_the_model_describes(string provider)
    {
        using var context = Context(provider);
        var step = provider switch
        {
            "Sqlite" => OutboxSchema.Sqlite,
            "PostgreSql" => OutboxSchema.PostgreSql,
            _ => OutboxSchema.SqlServer,
        };
        var schema = context.GetService<ISqlGenerationHelper>().DelimitIdentifier("orders");
        var stepStatements = Statements(step.Replace("{schema}", schema, StringComparison.Ordinal));

        var modelStatements = Statements(context.Database.GenerateCreateScript()).Where(statement => statement.Contains("Outbox", StringComparison.Ordinal)).ToList();

        Assert.Equal(5, modelStatements.Count);
        Assert.Equal(modelStatements.Order(), stepStatements.Order());
    }

    [Fact]
    public void Sql_server_sweeps_skip_rows_other_sweeps_are_claiming()
    {
        using var context = Context("SqlServer");

        var claims = OutboxClaimStatements.For(context);

        Assert.StartsWith("UPDATE [orders].[Outbox] SET [ClaimedBy] = {0}, [ClaimedUntil] = {1}", claims.SagaHeads, StringComparison.Ordinal);
        Assert.Contains("SELECT TOP ({3}) head.[SagaId] FROM [orders].[Outbox] AS head WITH (UPDLOCK, READPAST, ROWLOCK)", claims.SagaHeads, StringComparison.Ordinal);
        // The earlier-row test must see rows other sweeps have locked: no READPAST there, or a held head would look absent.
        Assert.Contains("NOT EXISTS (SELECT 1 FROM [orders].[Outbox] AS earlier", claims.SagaHeads, StringComparison.Ordinal);
        Assert.Single(ReadPast().Matches(claims.SagaHeads));
        Assert.StartsWith("UPDATE [orders].[Outbox] SET [ClaimedBy] = {0}, [ClaimedUntil] = {1}", claims.DueSchedules, StringComparison.Ordinal);
        Assert.Contains("SELECT TOP ({3}) due.[Id] FROM [orders].[Outbox] AS due WITH (UPDLOCK, READPAST, ROWLOCK)", claims.DueSchedules, StringComparison.Ordinal);
        Assert.Contains("due.[TokenId] IS NOT NULL AND due.[NextAttemptAt] <= {2}", claims.DueSchedules, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_sweeps_lock_their_rows_once_skipping_locked_ones()
    {
        using var context = Context("PostgreSql");

        var claims = OutboxClaimStatements.For(context);

        foreach (var (claim, locked) in new[] { (claims.SagaHeads, "heads"), (claims.DueSchedules, "due") })
        {
            var text = claim.ReplaceLineEndings("\n");
            // Materialized: the locking select runs once per statement, not again for each row the update visits.
            Assert.StartsWith($"WITH {locked} AS MATERIALIZED (", text, StringComparison.Ordinal);
            Assert.Contains("LIMIT {3}\n    FOR UPDATE SKIP LOCKED)\nUPDATE orders.\"Outbox\" SET \"ClaimedBy\" = {0}, \"ClaimedUntil\" = {1}", text,
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sqlite_sweeps_claim_with_plain_updates()
    {
        using var context = Context("Sqlite");

        var claims = OutboxClaimStatements.For(context);

        foreach (var claim in new[] { claims.SagaHeads, claims.DueSchedules })
        {
            Assert.StartsWith("UPDATE \"Outbox\" SET \"ClaimedBy\" = {0}, \"ClaimedUntil\" = {1}", claim, StringComparison.Ordinal);
            Assert.EndsWith("LIMIT {3})", claim.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }

    /// <summary>The script's statements with whitespace collapsed; SQL Server's GO batch separators dropped.</summary>
    static List<string> Statements(string script) =>
        [.. BatchSeparator().Replace(script, "").Split(';').Select(statement => Whitespace().Replace(statement, " ").Trim()).Where(statement => statement.Length > 0)];

    static DbContext Context(string provider)
    {
        var options = new DbContextOptionsBuilder<ParcelDbContext>();
        _ = provider switch
        {
            "Sqlite" => options.UseSqlite("Data Source=unused.db"),
            "PostgreSql" => options.UseNpgsql("Host=unused;Database=unused"),
            _ => options.UseSqlServer("Server=unused;Database=unused;Integrated Security=false"),
        };
        options.ReplaceService<IModelCacheKeyFactory, ServiceModelCacheKeyFactory>();
        return new ParcelDbContext(options.Options, new TestService("orders"));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^GO\s*$", RegexOptions.Multiline)]
    private static partial Regex BatchSeparator();

    [GeneratedRegex("READPAST")]
    private static partial Regex ReadPast();
}
