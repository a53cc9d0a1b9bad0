namespace Sagas.Persistence;

/// <summary>A service database registered with <c>AddServiceDatabase</c>: what the schema migrator applies.</summary>
public sealed record ServiceDatabaseRegistration(Type ContextType, string Service);
