using Xunit;

namespace Sagas.Testing;

/// <summary>A fact that needs the PostgreSQL server named by <c>SAGAS_TEST_POSTGRES</c>; skipped, with the reason, when it is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "SAGAS_TEST_POSTGRES";

    public PostgresFactAttribute() => Skip = SkipReason;

    /// <summary>Why a PostgreSQL test cannot run here, or null when <c>SAGAS_TEST_POSTGRES</c> names a server.</summary>
    public static string? SkipReason => string.IsNullOrWhiteSpace(ConnectionString)
        ? $"Needs PostgreSQL: set {Variable} to a connection string (CI always does)."
        : null;

    /// <summary>The connection string from <c>SAGAS_TEST_POSTGRES</c>, or null when it is not set.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
