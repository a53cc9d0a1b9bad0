using Sagas.SqlServer.Tests.Catalog;
using Sagas.SqlServer.Tests.Checks;

namespace Sagas.SqlServer.Tests;

/// <summary>The checks that stand in for a SQL Server catch what a server would refuse, and pass what it would take.</summary>
public sealed class When_a_statement_is_wrong
{
    static readonly SchemaModel Schema = new(["""
        CREATE TABLE [orders].[Sagas] ([CorrelationId] uniqueidentifier NOT NULL, [CurrentState] nvarchar(64) NOT NULL, [Version] int NOT NULL);
        CREATE TABLE [orders].[Outbox] ([Id] bigint NOT NULL IDENTITY, [SagaId] uniqueidentifier NOT NULL, [ClaimedBy] nvarchar(200) NULL);
        """]);

    [Theory]
    [InlineData("SELECT * FROM [orders].[Sagas] WITH (UPDLOCK, ROWLOCK WHERE [CorrelationId] = @p0")]
    [InlineData("DECLARE @result int; EXEC @result = sp_getapplock @Resource = @p0 @LockMode = 'Exclusive';")]
    [InlineData("UPDATE [orders].[Outbox] SET [ClaimedBy] = @p0 WHERE [Id] IN (SELECT TOP (@p1) [Id] FROM [orders].[Outbox] ORDER BY [Id]")]
    [InlineData("INSERT INTO [orders].[Outbox] ([SagaId]) VALUES (@p0) ON CONFLICT DO NOTHING")]
    [InlineData("DECLARE @result int; EXEC @result = sp_getapplock @Resource = @p0; IF @result < 0 THROW 51000, 'Timed out.';")]
    [InlineData("IF SCHEMA_ID(@p0) IS NULL EXEC(N'CREATE SCHEME [orders]');")]
    public void A_syntax_error_is_reported(string statement) => Assert.NotEmpty(TSql.ErrorsOf(statement));

    [Theory]
    [InlineData("SELECT [s].[CurrentStat] FROM [orders].[Sagas] AS [s]", "column s.CurrentStat is not in its table")]
    [InlineData("SELECT * FROM [orders].[Saga] WHERE [CorrelationId] = @p0", "table orders.Saga is not in the schema")]
    [InlineData("UPDATE [orders].[Outbox] SET [ClaimedBy] = @p0 WHERE [ClaimedUntil] < @p1", "column ClaimedUntil is in none of the statement's tables")]
    [InlineData("SELECT [x].[Id] FROM [orders].[Outbox] AS [o]", "x in x.Id names no table of the statement")]
    [InlineData("INSERT INTO [orders].[Outbox] ([SagaId]) OUTPUT INSERTED.[Key] VALUES (@p0)", "column INSERTED.Key is not in its table")]
    public void A_name_the_schema_lacks_is_reported(string statement, string problem) =>
        Assert.Contains(problem, NameCheck.UnknownNames(statement, Schema));

    [Theory]
    [InlineData("DELETE FROM [orders].[Outbox] WITH (NOLOCK) WHERE [Id] = @p0", "NOLOCK on Outbox, which the statement modifies")]
    [InlineData("SELECT [Id] FROM [orders].[Outbox] WITH (READPAST, HOLDLOCK)", "READPAST with HOLDLOCK or SERIALIZABLE on Outbox")]
    [InlineData("SELECT [Id] FROM [orders].[Outbox] WITH (UPDLOCK, ROWLOCK, TABLOCK)", "more than one lock granularity on Outbox")]
    [InlineData("INSERT INTO [orders].[Outbox] WITH (READPAST) ([SagaId]) VALUES (@p0)", "READPAST on Outbox, an INSERT target")]
    [InlineData("SELECT [Id] FROM [orders].[Outbox] WITH (XLOCK)", "XLock on Outbox is not one of the locking design's hints")]
    [InlineData("WITH [due] AS (SELECT [Id] FROM [orders].[Outbox]) SELECT [Id] FROM [due] WITH (UPDLOCK)", "table hints on due, a common table expression")]
    public void A_table_hint_where_sql_server_refuses_it_is_reported(string statement, string problem) =>
        Assert.Contains(LockHintRules.Violations(statement), violation => violation.StartsWith(problem, StringComparison.Ordinal));

    [Fact]
    public void The_platforms_own_claim_and_inbox_shapes_pass_every_check()
    {
        string[] statements =
        [
            """
            UPDATE [orders].[Outbox] SET [ClaimedBy] = @p0
            WHERE [Id] IN (SELECT TOP (@p1) due.[Id] FROM [orders].[Outbox] AS due WITH (UPDLOCK, READPAST, ROWLOCK) ORDER BY due.[Id])
            """,
            """
            INSERT INTO [orders].[Outbox] ([SagaId], [ClaimedBy]) SELECT @p0, @p1
            WHERE NOT EXISTS (SELECT 1 FROM [orders].[Outbox] WITH (UPDLOCK, HOLDLOCK) WHERE [SagaId] = @p0)
            """,
            "SELECT * FROM [orders].[Sagas] WITH (UPDLOCK, ROWLOCK) WHERE [CorrelationId] = @p0",
            "DELETE FROM [o] OUTPUT DELETED.[Id] FROM [orders].[Outbox] AS [o] WHERE [o].[ClaimedBy] = @p0",
        ];

        Assert.All(statements, statement =>
        {
            Assert.Empty(TSql.ErrorsOf(statement));
            Assert.Empty(NameCheck.UnknownNames(statement, Schema));
            Assert.Empty(LockHintRules.Violations(statement));
        });
    }

    [Theory]
    [InlineData("DELETE FROM [orders].[Outbox] WHERE [Id] = {0}", true)]
    [InlineData("SET LOCK_TIMEOUT ", true)]
    [InlineData("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @p0", true)]
    [InlineData("DELETE FROM \"Outbox\" WHERE \"Id\" = {0}", false)]
    [InlineData("SELECT pg_advisory_xact_lock({0})", false)]
    [InlineData("CREATE TABLE IF NOT EXISTS ", false)]
    [InlineData("Saga {SagaType} {CorrelationId}: message {MessageId} was processed before; skipped", false)]
    public void Sql_written_for_sql_server_is_told_from_other_text(string literal, bool forSqlServer) =>
        Assert.Equal(forSqlServer, SqlLiterals.IsSqlServerSql(literal));
}
