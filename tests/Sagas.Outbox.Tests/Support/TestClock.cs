using Microsoft.Extensions.Time.Testing;

namespace Sagas.Outbox.Tests.Support;

public static class TestClock
{
    /// <summary>A fake clock at a whole millisecond of now, the precision the outbox stores its times in, so times read back compare equal.</summary>
    public static FakeTimeProvider Now() => new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
}
