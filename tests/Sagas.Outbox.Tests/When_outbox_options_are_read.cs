namespace Sagas.Outbox.Tests;

public sealed class When_outbox_options_are_read
{
    [Fact]
    public void The_defaults_are_valid() => Assert.True(new OutboxOptionsValidator().Validate(null, new OutboxOptions()).Succeeded);

    [Fact]
    public void Each_invalid_setting_is_named()
    {
        var result = new OutboxOptionsValidator().Validate(null, new OutboxOptions
        {
            BatchSize = 0,
            PollInterval = TimeSpan.Zero,
            LeaseDuration = TimeSpan.Zero,
            RetryBackoff = TimeSpan.FromSeconds(10),
            RetryMaxBackoff = TimeSpan.FromSeconds(1),
            ErrorAfterAttempts = 0,
        });

        Assert.True(result.Failed);
        Assert.Equal(
            ["Outbox:BatchSize", "Outbox:PollInterval", "Outbox:LeaseDuration", "Outbox:RetryMaxBackoff", "Outbox:ErrorAfterAttempts"],
            result.Failures!.Select(failure => failure.Split(' ')[0]));
    }
}
