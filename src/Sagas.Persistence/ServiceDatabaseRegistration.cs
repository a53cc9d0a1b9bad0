namespace Sagas.Persistence;

/// <summary>A service database registered with <c>AddServiceDatabase</c>: what the schema migrator applies.</summary>
public sealed record ServiceDatabaseRegistration(Type ContextType, string Service)
{
    /// <summary>
    /// The <c>ConnectionStrings</c> entry it is read from (else <c>Persistence:ConnectionString</c>): the service's own,
    /// unless its tables live in another service's database.
    /// </summary>
    public string Database { get; init; } = Service;
}
