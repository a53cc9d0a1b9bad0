namespace Sagas.Persistence.Schema;

/// <summary>
/// Implemented by a DbContext whose tables belong to a library that queries them by its own names (Quartz's job
/// store), so version 1 is a hand-written script rather than the EF model. Its version table is its own, so it can
/// share a schema with a service without the two histories mixing. Later versions, if any, come from
/// <see cref="IVersionedSchema"/> as usual.
/// </summary>
public interface IScriptedSchema
{
    /// <summary>The schema holding the tables and <see cref="VersionTable"/>; null on SQLite, where the file is its own.</summary>
    string? Schema { get; }

    /// <summary>Name of the table recording this schema's versions (same layout as <c>__SchemaVersions</c>).</summary>
    string VersionTable { get; }

    /// <summary>Version 1 on the context's provider, one command each.</summary>
    IReadOnlyList<string> CreateCommands { get; }

    /// <summary>The tables version 1 creates, as (schema, name) spelled as the database stores them.</summary>
    IReadOnlyList<(string? Schema, string Name)> Tables { get; }
}
