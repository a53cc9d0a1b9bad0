namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>Bounded polling: every wait in these tests ends, failing with what it waited for.</summary>
public static class Wait
{
    static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Awaits a task that must finish within the bound.</summary>
    public static async Task Bounded(Task task, string what, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out waiting until {what}.");
        }
    }
}
