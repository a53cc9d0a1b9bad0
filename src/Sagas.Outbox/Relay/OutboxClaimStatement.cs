using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Sagas.Persistence;

namespace Sagas.Outbox;

/// <summary>
/// The one statement a relay claims a batch with, per provider. It claims whole sagas: a saga qualifies when its first
/// undelivered row (its head) is due and unclaimed or its lease ended, and then all its undelivered rows are claimed
/// together. Since a later row is only ever claimed together with its saga's head, no relay can take a saga's later
/// row while an earlier one is held by another relay or waiting for a retry, which keeps each saga's order.
/// Concurrent relays meet on the head row: PostgreSQL locks it <c>FOR UPDATE SKIP LOCKED</c> and SQL Server
/// <c>WITH (UPDLOCK, READPAST, ROWLOCK)</c>, so a second relay skips a saga being claimed instead of waiting for it, and
/// the row's own conditions are checked again on its latest version. SQLite has a single writer, so the plain
/// conditional UPDATE is already atomic. Parameters: {0} owner, {1} lease end, {2} now, {3} batch size (sagas).
/// </summary>
/// <remarks>
/// The head test relies on a saga's rows committing in id order, which holds for rows written under the saga
/// repository's lock on the saga and on SQLite's single writer.
/// </remarks>
internal static class OutboxClaimStatement
{
    public static string For(DbContext context)
    {
        var entity = context.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"{context.GetType().Name} has no outbox: call modelBuilder.AddOutbox() in OnModelCreating.");
        var table = context.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        return DatabaseProviders.ProviderOf(context.Database) switch
        {
            DatabaseProvider.PostgreSql => $$"""
                UPDATE {{table}} SET "ClaimedBy" = {0}, "ClaimedUntil" = {1}
                WHERE "DeliveredAt" IS NULL AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {2}) AND "SagaId" IN (
                    SELECT head."SagaId" FROM {{table}} AS head
                    WHERE head."DeliveredAt" IS NULL AND head."NextAttemptAt" <= {2}
                      AND (head."ClaimedUntil" IS NULL OR head."ClaimedUntil" < {2})
                      AND NOT EXISTS (SELECT 1 FROM {{table}} AS earlier
                                      WHERE earlier."SagaId" = head."SagaId" AND earlier."DeliveredAt" IS NULL AND earlier."Id" < head."Id")
                    ORDER BY head."Id"
                    LIMIT {3}
                    FOR UPDATE SKIP LOCKED)
                """,
            DatabaseProvider.SqlServer => $$"""
                UPDATE {{table}} SET [ClaimedBy] = {0}, [ClaimedUntil] = {1}
                WHERE [DeliveredAt] IS NULL AND ([ClaimedUntil] IS NULL OR [ClaimedUntil] < {2}) AND [SagaId] IN (
                    SELECT TOP ({3}) head.[SagaId] FROM {{table}} AS head WITH (UPDLOCK, READPAST, ROWLOCK)
                    WHERE head.[DeliveredAt] IS NULL AND head.[NextAttemptAt] <= {2}
                      AND (head.[ClaimedUntil] IS NULL OR head.[ClaimedUntil] < {2})
                      AND NOT EXISTS (SELECT 1 FROM {{table}} AS earlier
                                      WHERE earlier.[SagaId] = head.[SagaId] AND earlier.[DeliveredAt] IS NULL AND earlier.[Id] < head.[Id])
                    ORDER BY head.[Id])
                """,
            _ => $$"""
                UPDATE {{table}} SET "ClaimedBy" = {0}, "ClaimedUntil" = {1}
                WHERE "DeliveredAt" IS NULL AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {2}) AND "SagaId" IN (
                    SELECT head."SagaId" FROM {{table}} AS head
                    WHERE head."DeliveredAt" IS NULL AND head."NextAttemptAt" <= {2}
                      AND (head."ClaimedUntil" IS NULL OR head."ClaimedUntil" < {2})
                      AND NOT EXISTS (SELECT 1 FROM {{table}} AS earlier
                                      WHERE earlier."SagaId" = head."SagaId" AND earlier."DeliveredAt" IS NULL AND earlier."Id" < head."Id")
                    ORDER BY head."Id"
                    LIMIT {3})
                """,
        };
    }
}
