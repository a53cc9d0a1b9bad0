using Sagas.Persistence.Schema;

namespace Sagas.Outbox;

/// <summary>
/// The outbox table as schema steps, for a service database that already exists (a new database gets the table from
/// the model, through <see cref="OutboxModelBuilderExtensions.AddOutbox"/>). The DDL matches what EF Core generates for
/// that model on each provider; the tests compare the two.
/// </summary>
public static class OutboxSchema
{
    public const string DueIndex = "IX_Outbox_NextAttemptAt";
    public const string SagaIndex = "IX_Outbox_SagaId_Id";
    public const string TokenIndex = "IX_Outbox_TokenId";
    public const string ClaimIndex = "IX_Outbox_ClaimedBy";

    /// <summary>Adds today's outbox table as schema step <paramref name="version"/>, to a service database that had none.</summary>
    public static SchemaStep CreateTable(int version) => SchemaStep.Sql(version, "Transactional outbox table",
        sqlite: Sqlite, postgreSql: PostgreSql, sqlServer: SqlServer);

    /// <summary>Adds the first release's outbox table as schema step <paramref name="version"/>; later steps bring it to today's shape.</summary>
    public static SchemaStep CreateFirstReleaseTable(int version) => SchemaStep.Sql(version, "Transactional outbox table",
        sqlite: FirstRelease.Sqlite, postgreSql: FirstRelease.PostgreSql, sqlServer: FirstRelease.SqlServer);

    /// <summary>
    /// Replaces the first release's index on the owner alone, schema step <paramref name="version"/>. Rows kept their
    /// owner once delivered, so that index led each relay round through every row the relay had delivered within the
    /// retention. Written to run on a table the first release's step or model made either way: it changes only what is not already so.
    /// </summary>
    public static SchemaStep IndexClaimsByLease(int version) => SchemaStep.Sql(version, "Outbox claims read back by owner and lease",
        sqlite: """
            DROP INDEX IF EXISTS "IX_Outbox_ClaimedBy";
            CREATE INDEX IF NOT EXISTS "IX_Outbox_ClaimedBy_ClaimedUntil" ON "Outbox" ("ClaimedBy", "ClaimedUntil");
            """,
        postgreSql: $"""
            DROP INDEX IF EXISTS {SchemaStep.SchemaPlaceholder}."IX_Outbox_ClaimedBy";
            CREATE INDEX IF NOT EXISTS "IX_Outbox_ClaimedBy_ClaimedUntil" ON {SchemaStep.SchemaPlaceholder}."Outbox" ("ClaimedBy", "ClaimedUntil");
            """,
        sqlServer: $"""
            DROP INDEX IF EXISTS [IX_Outbox_ClaimedBy] ON {SchemaStep.SchemaPlaceholder}.[Outbox];
            IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'IX_Outbox_ClaimedBy_ClaimedUntil' AND object_id = OBJECT_ID('{SchemaStep.SchemaPlaceholder}.[Outbox]'))
                CREATE INDEX [IX_Outbox_ClaimedBy_ClaimedUntil] ON {SchemaStep.SchemaPlaceholder}.[Outbox] ([ClaimedBy], [ClaimedUntil]);
            """);

    /// <summary>
    /// Schema step <paramref name="version"/> of a database whose outbox has the first release's shape (rows kept after
    /// delivery, timeouts handed to Quartz by the relay): the table is rebuilt in the current shape with the rows still to
    /// deliver. A record not yet produced stays one; a timeout not yet handed to the scheduler becomes a scheduled row;
    /// requests to cancel a timeout go, since cancelling now deletes the row. Timeouts the first release had already handed
    /// to Quartz stay with the Quartz job store and are not carried over.
    /// </summary>
    public static SchemaStep ReplaceFirstRelease(int version) =>
        SchemaStep.Sql(version, "Outbox rows are deleted once produced; timeouts are rows due later",
            sqlite: $$"""
                ALTER TABLE "Outbox" RENAME TO "Outbox_FirstRelease";
                DROP INDEX IF EXISTS "IX_Outbox_ClaimedBy_ClaimedUntil";
                DROP INDEX IF EXISTS "IX_Outbox_ClaimedBy";
                DROP INDEX IF EXISTS "IX_Outbox_DeliveredAt_Id";
                DROP INDEX IF EXISTS "IX_Outbox_SagaId_Id";
                {{Sqlite}}
                INSERT INTO "Outbox" ("SagaId", "Topic", "Value", "Headers", "TokenId", "CreatedAt", "Attempts", "NextAttemptAt")
                SELECT "SagaId", "Topic", "Value", COALESCE("Headers", '{}'), CASE WHEN "Kind" = 1 THEN "TokenId" END, "CreatedAt", "Attempts",
                       CASE WHEN "Kind" = 1 THEN "DueAt" ELSE "NextAttemptAt" END
                FROM "Outbox_FirstRelease" WHERE "DeliveredAt" IS NULL AND "Kind" IN (0, 1) ORDER BY "Id";
                DROP TABLE "Outbox_FirstRelease";
                """,
            postgreSql: $$"""
                ALTER TABLE {{SchemaStep.SchemaPlaceholder}}."Outbox" RENAME TO "Outbox_FirstRelease";
                ALTER TABLE {{SchemaStep.SchemaPlaceholder}}."Outbox_FirstRelease" RENAME CONSTRAINT "PK_Outbox" TO "PK_Outbox_FirstRelease";
                DROP INDEX IF EXISTS {{SchemaStep.SchemaPlaceholder}}."IX_Outbox_ClaimedBy_ClaimedUntil";
                DROP INDEX IF EXISTS {{SchemaStep.SchemaPlaceholder}}."IX_Outbox_ClaimedBy";
                DROP INDEX IF EXISTS {{SchemaStep.SchemaPlaceholder}}."IX_Outbox_DeliveredAt_Id";
                DROP INDEX IF EXISTS {{SchemaStep.SchemaPlaceholder}}."IX_Outbox_SagaId_Id";
                {{PostgreSql}}
                INSERT INTO {{SchemaStep.SchemaPlaceholder}}."Outbox" ("SagaId", "Topic", "Value", "Headers", "TokenId", "CreatedAt", "Attempts", "NextAttemptAt")
                SELECT "SagaId", "Topic", "Value", COALESCE("Headers", '{}'), CASE WHEN "Kind" = 1 THEN "TokenId" END, "CreatedAt", "Attempts",
                       CASE WHEN "Kind" = 1 THEN "DueAt" ELSE "NextAttemptAt" END
                FROM {{SchemaStep.SchemaPlaceholder}}."Outbox_FirstRelease" WHERE "DeliveredAt" IS NULL AND "Kind" IN (0, 1) ORDER BY "Id";
                DROP TABLE {{SchemaStep.SchemaPlaceholder}}."Outbox_FirstRelease";
                """,
            sqlServer: $$"""
                EXEC sp_rename '{{SchemaStep.SchemaPlaceholder}}.[Outbox]', 'Outbox_FirstRelease';
                EXEC sp_rename '{{SchemaStep.SchemaPlaceholder}}.[PK_Outbox]', 'PK_Outbox_FirstRelease', 'OBJECT';
                DROP INDEX IF EXISTS [IX_Outbox_ClaimedBy_ClaimedUntil] ON {{SchemaStep.SchemaPlaceholder}}.[Outbox_FirstRelease];
                DROP INDEX IF EXISTS [IX_Outbox_ClaimedBy] ON {{SchemaStep.SchemaPlaceholder}}.[Outbox_FirstRelease];
                DROP INDEX IF EXISTS [IX_Outbox_DeliveredAt_Id] ON {{SchemaStep.SchemaPlaceholder}}.[Outbox_FirstRelease];
                DROP INDEX IF EXISTS [IX_Outbox_SagaId_Id] ON {{SchemaStep.SchemaPlaceholder}}.[Outbox_FirstRelease];
                {{SqlServer}}
                INSERT INTO {{SchemaStep.SchemaPlaceholder}}.[Outbox] ([SagaId], [Topic], [Value], [Headers], [TokenId], [CreatedAt], [Attempts], [NextAttemptAt])
                SELECT [SagaId], [Topic], [Value], COALESCE([Headers], N'{}'), CASE WHEN [Kind] = 1 THEN [TokenId] END, [CreatedAt], [Attempts],
                       CASE WHEN [Kind] = 1 THEN [DueAt] ELSE [NextAttemptAt] END
                FROM {{SchemaStep.SchemaPlaceholder}}.[Outbox_FirstRelease] WHERE [DeliveredAt] IS NULL AND [Kind] IN (0, 1) ORDER BY [Id];
                DROP TABLE {{SchemaStep.SchemaPlaceholder}}.[Outbox_FirstRelease];
                """);

    public const string Sqlite = """
        CREATE TABLE "Outbox" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_Outbox" PRIMARY KEY AUTOINCREMENT,
            "SagaId" TEXT NOT NULL,
            "Topic" TEXT NOT NULL,
            "Value" BLOB NOT NULL,
            "Headers" TEXT NOT NULL,
            "TokenId" TEXT NULL,
            "CreatedAt" INTEGER NOT NULL,
            "Attempts" INTEGER NOT NULL,
            "NextAttemptAt" INTEGER NOT NULL,
            "ClaimedBy" TEXT NULL,
            "ClaimedUntil" INTEGER NULL
        );
        CREATE INDEX "IX_Outbox_ClaimedBy" ON "Outbox" ("ClaimedBy");
        CREATE INDEX "IX_Outbox_NextAttemptAt" ON "Outbox" ("NextAttemptAt");
        CREATE INDEX "IX_Outbox_SagaId_Id" ON "Outbox" ("SagaId", "Id");
        CREATE INDEX "IX_Outbox_TokenId" ON "Outbox" ("TokenId");
        """;

    public const string PostgreSql = """
        CREATE TABLE {schema}."Outbox" (
            "Id" bigint GENERATED BY DEFAULT AS IDENTITY,
            "SagaId" uuid NOT NULL,
            "Topic" character varying(249) NOT NULL,
            "Value" bytea NOT NULL,
            "Headers" text NOT NULL,
            "TokenId" uuid,
            "CreatedAt" bigint NOT NULL,
            "Attempts" integer NOT NULL,
            "NextAttemptAt" bigint NOT NULL,
            "ClaimedBy" character varying(200),
            "ClaimedUntil" bigint,
            CONSTRAINT "PK_Outbox" PRIMARY KEY ("Id")
        );
        CREATE INDEX "IX_Outbox_ClaimedBy" ON {schema}."Outbox" ("ClaimedBy");
        CREATE INDEX "IX_Outbox_NextAttemptAt" ON {schema}."Outbox" ("NextAttemptAt");
        CREATE INDEX "IX_Outbox_SagaId_Id" ON {schema}."Outbox" ("SagaId", "Id");
        CREATE INDEX "IX_Outbox_TokenId" ON {schema}."Outbox" ("TokenId");
        """;

    public const string SqlServer = """
        CREATE TABLE {schema}.[Outbox] (
            [Id] bigint NOT NULL IDENTITY,
            [SagaId] uniqueidentifier NOT NULL,
            [Topic] nvarchar(249) NOT NULL,
            [Value] varbinary(max) NOT NULL,
            [Headers] nvarchar(max) NOT NULL,
            [TokenId] uniqueidentifier NULL,
            [CreatedAt] bigint NOT NULL,
            [Attempts] int NOT NULL,
            [NextAttemptAt] bigint NOT NULL,
            [ClaimedBy] nvarchar(200) NULL,
            [ClaimedUntil] bigint NULL,
            CONSTRAINT [PK_Outbox] PRIMARY KEY ([Id])
        );
        CREATE INDEX [IX_Outbox_ClaimedBy] ON {schema}.[Outbox] ([ClaimedBy]);
        CREATE INDEX [IX_Outbox_NextAttemptAt] ON {schema}.[Outbox] ([NextAttemptAt]);
        CREATE INDEX [IX_Outbox_SagaId_Id] ON {schema}.[Outbox] ([SagaId], [Id]);
        CREATE INDEX [IX_Outbox_TokenId] ON {schema}.[Outbox] ([TokenId]);
        """;

    /// <summary>The first release's table, as its schema step created it: rows kept once delivered, timeouts as requests to Quartz.</summary>
    static class FirstRelease
    {
        public const string Sqlite = """
            CREATE TABLE "Outbox" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_Outbox" PRIMARY KEY AUTOINCREMENT,
                "SagaId" TEXT NOT NULL,
                "Kind" INTEGER NOT NULL,
                "Topic" TEXT NULL,
                "Value" BLOB NULL,
                "Headers" TEXT NULL,
                "TokenId" TEXT NULL,
                "DueAt" INTEGER NULL,
                "CreatedAt" INTEGER NOT NULL,
                "Attempts" INTEGER NOT NULL,
                "NextAttemptAt" INTEGER NOT NULL,
                "ClaimedBy" TEXT NULL,
                "ClaimedUntil" INTEGER NULL,
                "DeliveredAt" INTEGER NULL
            );
            CREATE INDEX "IX_Outbox_ClaimedBy_ClaimedUntil" ON "Outbox" ("ClaimedBy", "ClaimedUntil");
            CREATE INDEX "IX_Outbox_DeliveredAt_Id" ON "Outbox" ("DeliveredAt", "Id");
            CREATE INDEX "IX_Outbox_SagaId_Id" ON "Outbox" ("SagaId", "Id");
            """;

        public const string PostgreSql = """
            CREATE TABLE {schema}."Outbox" (
                "Id" bigint GENERATED BY DEFAULT AS IDENTITY,
                "SagaId" uuid NOT NULL,
                "Kind" integer NOT NULL,
                "Topic" character varying(249),
                "Value" bytea,
                "Headers" text,
                "TokenId" uuid,
                "DueAt" bigint,
                "CreatedAt" bigint NOT NULL,
                "Attempts" integer NOT NULL,
                "NextAttemptAt" bigint NOT NULL,
                "ClaimedBy" character varying(200),
                "ClaimedUntil" bigint,
                "DeliveredAt" bigint,
                CONSTRAINT "PK_Outbox" PRIMARY KEY ("Id")
            );
            CREATE INDEX "IX_Outbox_ClaimedBy_ClaimedUntil" ON {schema}."Outbox" ("ClaimedBy", "ClaimedUntil");
            CREATE INDEX "IX_Outbox_DeliveredAt_Id" ON {schema}."Outbox" ("DeliveredAt", "Id");
            CREATE INDEX "IX_Outbox_SagaId_Id" ON {schema}."Outbox" ("SagaId", "Id");
            """;

        public const string SqlServer = """
            CREATE TABLE {schema}.[Outbox] (
                [Id] bigint NOT NULL IDENTITY,
                [SagaId] uniqueidentifier NOT NULL,
                [Kind] int NOT NULL,
                [Topic] nvarchar(249) NULL,
                [Value] varbinary(max) NULL,
                [Headers] nvarchar(max) NULL,
                [TokenId] uniqueidentifier NULL,
                [DueAt] bigint NULL,
                [CreatedAt] bigint NOT NULL,
                [Attempts] int NOT NULL,
                [NextAttemptAt] bigint NOT NULL,
                [ClaimedBy] nvarchar(200) NULL,
                [ClaimedUntil] bigint NULL,
                [DeliveredAt] bigint NULL,
                CONSTRAINT [PK_Outbox] PRIMARY KEY ([Id])
            );
            CREATE INDEX [IX_Outbox_ClaimedBy_ClaimedUntil] ON {schema}.[Outbox] ([ClaimedBy], [ClaimedUntil]);
            CREATE INDEX [IX_Outbox_DeliveredAt_Id] ON {schema}.[Outbox] ([DeliveredAt], [Id]);
            CREATE INDEX [IX_Outbox_SagaId_Id] ON {schema}.[Outbox] ([SagaId], [Id]);
            """;
    }
}
