using Sagas.Persistence.Schema;

namespace Sagas.Inventory;

/// <summary>The inventory database's upgrades past its first release.</summary>
static class InventorySchema
{
    /// <summary>
    /// Stock gains a count of what completed orders sold. Stock that databases of the first release hold for completed
    /// orders stays counted as reserved: which of those orders completed is the orchestrator's to know, not the inventory's.
    /// </summary>
    public static SchemaStep CountSoldStock(int version) => SchemaStep.Sql(version, "Stock counts what completed orders sold",
        sqlite: """ALTER TABLE "Stock" ADD "Sold" INTEGER NOT NULL DEFAULT 0;""",
        postgreSql: """ALTER TABLE {schema}."Stock" ADD "Sold" integer NOT NULL DEFAULT 0;""",
        sqlServer: "ALTER TABLE {schema}.[Stock] ADD [Sold] int NOT NULL CONSTRAINT [DF_Stock_Sold] DEFAULT 0;");
}
