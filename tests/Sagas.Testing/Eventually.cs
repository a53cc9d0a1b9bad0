namespace Sagas.Testing;

/// <summary>Bounded polling for asynchronous outcomes: every wait in the tests ends, with a clear failure.</summary>
public static class Eventually
{
    static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after the timeout.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(PollInterval, CancellationToken.None);
        }
    }

    /// <summary>Polls <paramref name="read"/> until its value satisfies <paramref name="accept"/>, and returns that value.</summary>
    /// <remarks>On timeout the message shows the last value read, so a failure says where things stood.</remarks>
    public static async Task<T> Value<T>(Func<Task<T>> read, Func<T, bool> accept, string what, TimeSpan? timeout = null)
    {
        var value = await read();
        try
        {
            await Until(async () => accept(value = await read()), what, timeout);
        }
        catch (TimeoutException timedOut)
        {
            throw new TimeoutException($"{timedOut.Message} Last seen: {value}", timedOut);
        }
        return value;
    }
}
