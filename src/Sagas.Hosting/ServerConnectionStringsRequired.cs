using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Sagas.Persistence;

namespace Sagas.Hosting;

/// <summary>
/// On PostgreSQL or SQL Server every service database this host registered needs a connection string; checked at
/// start-up so the host fails before it consumes anything, not at the first message that opens a DbContext.
/// </summary>
sealed class ServerConnectionStringsRequired(IConfiguration configuration, IEnumerable<ServiceDatabaseRegistration> databases)
    : IValidateOptions<PersistenceOptions>
{
    public ValidateOptionsResult Validate(string? name, PersistenceOptions options)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
            return ValidateOptionsResult.Success;

        // The same precedence as ServiceDatabase: the service's own connection string, else the shared one.
        var missing = databases.Select(database => database.Database).Distinct()
            .Where(service => string.IsNullOrWhiteSpace(configuration.GetConnectionString(service) ?? options.ConnectionString))
            .ToArray();
        return missing.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Problem(options.Provider, missing));
    }

    /// <summary>
    /// The same check before composition, for when no connection string is configured at all: some registrations
    /// (the scheduler's job store) read their connection string while the host is being composed.
    /// </summary>
    public static void ThrowIfNoneConfigured(IConfiguration configuration)
    {
        var options = configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        var anyConfigured = !string.IsNullOrWhiteSpace(options.ConnectionString)
            || configuration.GetSection("ConnectionStrings").GetChildren().Any(entry => !string.IsNullOrWhiteSpace(entry.Value));
        if (options.Provider != DatabaseProvider.Sqlite && !anyConfigured)
            throw new OptionsValidationException(PersistenceOptions.Section, typeof(PersistenceOptions), [Problem(options.Provider, ["any service"])]);
    }

    static string Problem(DatabaseProvider provider, IEnumerable<string> services) =>
        $"Persistence:Provider is {provider} but there is no connection string for {string.Join(", ", services)}: "
        + "set Persistence:ConnectionString, or ConnectionStrings:<service> for each service";
}
