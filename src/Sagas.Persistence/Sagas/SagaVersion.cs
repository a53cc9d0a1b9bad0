using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Sagas.Persistence.Sagas;

/// <summary>
/// The integer concurrency token on every saga row (a shadow property unless the saga declares an <c>int Version</c>):
/// each save bumps it, so a write based on a stale read fails with <c>DbUpdateConcurrencyException</c>.
/// </summary>
public static class SagaVersion
{
    public const string PropertyName = "Version";

    internal static void First(EntityEntry saga) => saga.Property(PropertyName).CurrentValue = 1;

    internal static void Next(EntityEntry saga)
    {
        var version = saga.Property(PropertyName);
        version.CurrentValue = (int)version.OriginalValue! + 1;
    }
}
