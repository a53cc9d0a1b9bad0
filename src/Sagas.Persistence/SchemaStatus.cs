using Microsoft.EntityFrameworkCore;

namespace Sagas.Persistence;

/// <summary>
/// Whether this process has found a service's schema current (applied it, or checked that the migrate command did):
/// readers that poll from the start of the process, such as health checks, wait for it rather than query tables that
/// may not exist yet.
/// </summary>
public abstract class SchemaStatus
{
    volatile bool _current;

    public bool IsCurrent => _current;

    internal void Current() => _current = true;

    /// <summary>The status of the registration's context, when the process keeps one.</summary>
    internal static SchemaStatus? Of(IServiceProvider services, ServiceDatabaseRegistration registration) =>
        services.GetService(typeof(SchemaStatus<>).MakeGenericType(registration.ContextType)) as SchemaStatus;
}

/// <inheritdoc cref="SchemaStatus"/>
public sealed class SchemaStatus<TContext> : SchemaStatus
    where TContext : DbContext;
