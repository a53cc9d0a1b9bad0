using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Sagas.Persistence;

namespace Sagas.Outbox.Delivery;

/// <summary>
/// The statements a sweep claims rows with, per provider. Parameters: {0} owner, {1} claim end, {2} now, {3} limit.
/// <para>
/// Rows sent now (no token) are claimed by whole sagas: a saga qualifies when its first row (its head) is due and
/// unclaimed or its claim ended, and then all its unclaimed rows are claimed together. Since a later row is only ever
/// claimed with its saga's head, no sweep takes a saga's later row while an earlier one is held or waiting for a retry,
/// which keeps each saga's order. Scheduled rows (a token) are independent of each other and of the order, and are
/// claimed one by one once due.
/// </para>
/// Concurrent sweeps meet on the rows they select: PostgreSQL locks them <c>FOR UPDATE SKIP LOCKED</c> and SQL Server
/// <c>WITH (UPDLOCK, READPAST, ROWLOCK)</c>, so a second sweep skips what the first is claiming instead of waiting, and a
/// row's conditions are checked again on its latest version. SQLite has a single writer, so the plain conditional
/// UPDATE is already atomic.
/// </summary>
/// <remarks>The head test relies on a saga's rows committing in id order, which holds for rows written under the saga's lock.</remarks>
internal sealed record OutboxClaimStatements(string SagaHeads, string DueSchedules)
{
    public static OutboxClaimStatements For(DbContext context)
    {
        var entity = context.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"{context.GetType().Name} has no outbox: call modelBuilder.AddOutbox() in OnModelCreating.");
        var table = context.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        return DatabaseProviders.ProviderOf(context.Database) switch
        {
            // The locking selects are materialized CTEs: as an IN subquery the planner may rescan one for each row the
            // UPDATE visits, and a rescan skips the heads this statement has just updated, so a saga's later rows went
            // unclaimed (one row per saga per round), at a cost growing with the square of the backlog.
            DatabaseProvider.PostgreSql => new(
                $$"""
                WITH heads AS MATERIALIZED (
                    SELECT head."SagaId" FROM {{table}} AS head
                    WHERE head."TokenId" IS NULL AND head."NextAttemptAt" <= {2}
                      AND (head."ClaimedUntil" IS NULL OR head."ClaimedUntil" < {2})
                      AND NOT EXISTS (SELECT 1 FROM {{table}} AS earlier
                                      WHERE earlier."SagaId" = head."SagaId" AND earlier."TokenId" IS NULL AND earlier."Id" < head."Id")
                    ORDER BY head."Id"
                    LIMIT {3}
                    FOR UPDATE SKIP LOCKED)
                UPDATE {{table}} SET "ClaimedBy" = {0}, "ClaimedUntil" = {1}
                WHERE "TokenId" IS NULL AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {2}) AND "SagaId" IN (SELECT "SagaId" FROM heads)
                """,
                $$"""
                WITH due AS MATERIALIZED (
                    SELECT due."Id" FROM {{table}} AS due
                    WHERE due."TokenId" IS NOT NULL AND due."NextAttemptAt" <= {2} AND (due."ClaimedUntil" IS NULL OR due."ClaimedUntil" < {2})
                    ORDER BY due."NextAttemptAt"
                    LIMIT {3}
                    FOR UPDATE SKIP LOCKED)
                UPDATE {{table}} SET "ClaimedBy" = {0}, "ClaimedUntil" = {1}
                WHERE "Id" IN (SELECT "Id" FROM due)
                """),
            DatabaseProvider.SqlServer => new(
                $$"""
                UPDATE {{table}} SET [ClaimedBy] = {0}, [ClaimedUntil] = {1}
                WHERE [TokenId] IS NULL AND ([ClaimedUntil] IS NULL OR [ClaimedUntil] < {2}) AND [SagaId] IN (
                    SELECT TOP ({3}) head.[SagaId] FROM {{table}} AS head WITH (UPDLOCK, READPAST, ROWLOCK)
                    WHERE head.[TokenId] IS NULL AND head.[NextAttemptAt] <= {2}
                      AND (head.[ClaimedUntil] IS NULL OR head.[ClaimedUntil] < {2})
                      AND NOT EXISTS (SELECT 1 FROM {{table}} AS earlier
                                      WHERE earlier.[SagaId] = head.[SagaId] AND earlier.[TokenId] IS NULL AND earlier.[Id] < head.[Id])
                    ORDER BY head.[Id])
                """,
                $$"""
                UPDATE {{table}} SET [ClaimedBy] = {0}, [ClaimedUntil] = {1}
                WHERE [Id] IN (
                    SELECT TOP ({3}) due.[Id] FROM {{table}} AS due WITH (UPDLOCK, READPAST, ROWLOCK)
                    WHERE due.[TokenId] IS NOT NULL AND due.[NextAttemptAt] <= {2} AND (due.[ClaimedUntil] IS NULL OR due.[ClaimedUntil] < {2})
                    ORDER BY due.[NextAttemptAt])
                """),
            _ => new(
                $$"""
                UPDATE {{table}} SET "ClaimedBy" = {0}, "ClaimedUntil" = {1}
                WHERE "TokenId" IS NULL AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {2}) AND "SagaId" IN (
                    SELECT head."SagaId" FROM {{table}} AS head
                    WHERE head."TokenId" IS NULL AND head."NextAttemptAt" <= {2}
                      AND (head."ClaimedUntil" IS NULL OR head."ClaimedUntil" < {2})
                      AND NOT EXISTS (SELECT 1 FROM {{table}} AS earlier
                                      WHERE earlier."SagaId" = head."SagaId" AND earlier."TokenId" IS NULL AND earlier."Id" < head."Id")
                    ORDER BY head."Id"
                    LIMIT {3})
                """,
                $$"""
                UPDATE {{table}} SET "ClaimedBy" = {0}, "ClaimedUntil" = {1}
                WHERE "Id" IN (
                    SELECT due."Id" FROM {{table}} AS due
                    WHERE due."TokenId" IS NOT NULL AND due."NextAttemptAt" <= {2} AND (due."ClaimedUntil" IS NULL OR due."ClaimedUntil" < {2})
                    ORDER BY due."NextAttemptAt"
                    LIMIT {3})
                """),
        };
    }
}
