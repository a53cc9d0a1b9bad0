namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>One SQL text the platform sends to SQL Server, and the service whose schema its names must be in (none for DDL and scripts).</summary>
public sealed record SqlServerStatement(string Source, string Text, string? Service)
{
    public override string ToString() => $"{Source}:\n{Text}";
}
