namespace Sagas.Persistence.Schema;

/// <summary>
/// Implemented by a service's DbContext once its schema changes after it first shipped: the upgrade steps from
/// version 2 on, oldest first. A new database is created straight from the current model and recorded at the last
/// step's version, so steps only ever run against databases that already hold data.
/// </summary>
public interface IVersionedSchema
{
    IReadOnlyList<SchemaStep> SchemaSteps { get; }
}
