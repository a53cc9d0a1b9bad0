using Microsoft.EntityFrameworkCore;
using Sagas.Persistence.Schema;

namespace Sagas.Scheduling.Schema;

/// <summary>
/// The timeout store's Quartz tables as a versioned schema target: no model of its own, only the connection the schema
/// migrator applies <see cref="QuartzSchemaScript"/> through, under the same lock and bookkeeping as every service.
/// Its versions are recorded in <c>&lt;prefix&gt;schema_versions</c> beside the tables, apart from the history of the
/// service whose schema it shares.
/// </summary>
internal sealed class TimeoutStoreDbContext(DbContextOptions<TimeoutStoreDbContext> options, TimeoutStoreDatabase store)
    : DbContext(options), IScriptedSchema
{
    /// <summary>How the migrate command and the logs name this schema.</summary>
    public const string Service = "timeouts";

    public string? Schema => store.Schema;

    public string VersionTable => store.TablePrefix + "schema_versions";

    public IReadOnlyList<string> CreateCommands => QuartzSchemaScript.CreateCommands(store);

    public IReadOnlyList<(string? Schema, string Name)> Tables => QuartzSchemaScript.Tables(store);
}
