using Sagas.Persistence.Schema;

namespace Sagas.Ledger;

/// <summary>The ledger database's upgrades past its first release.</summary>
static class LedgerSchema
{
    /// <summary>Accounts count their freezes and unfreezes, the position of their status events; existing accounts start at 0.</summary>
    public static SchemaStep CountStatusChanges(int version) => SchemaStep.Sql(version, "Accounts count their status changes",
        sqlite: """ALTER TABLE "Accounts" ADD "StatusVersion" INTEGER NOT NULL DEFAULT 0;""",
        postgreSql: """ALTER TABLE {schema}."Accounts" ADD "StatusVersion" bigint NOT NULL DEFAULT 0;""",
        sqlServer: "ALTER TABLE {schema}.[Accounts] ADD [StatusVersion] bigint NOT NULL CONSTRAINT [DF_Accounts_StatusVersion] DEFAULT 0;");
}
