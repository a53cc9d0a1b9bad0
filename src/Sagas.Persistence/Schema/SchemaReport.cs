namespace Sagas.Persistence.Schema;

/// <summary>What applying one service's schema did: the version found (0 for a new database) and the version left.</summary>
public sealed record SchemaReport(string Service, int PreviousVersion, int Version)
{
    public bool Changed => Version != PreviousVersion;
}
