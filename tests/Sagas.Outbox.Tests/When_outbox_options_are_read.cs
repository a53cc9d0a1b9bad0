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
            LeaseDuration = TimeSpan.Zero,
            SettleInterval = TimeSpan.Zero,
            RetryBackoff = TimeSpan.FromSeconds(10),
            RetryMaxBackoff = TimeSpan.FromSeconds(1),
            ErrorAfterAttempts = 0,
            UnhealthyAfterFailingFor = TimeSpan.Zero,
            MaxBacklogAge = TimeSpan.Zero,
            RelayId = " ",
        });

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Outbox:BatchSize", "Outbox:LeaseDuration", "Outbox:SettleInterval", "Outbox:RetryMaxBackoff", "Outbox:ErrorAfterAttempts",
                "Outbox:UnhealthyAfterFailingFor", "Outbox:MaxBacklogAge", "Outbox:RelayId",
            ],
            result.Failures!.Select(failure => failure.Split(' ')[0]));
    }

    [Fact]
    public void A_relay_id_whose_sweep_claims_would_not_fit_the_claim_column_is_refused()
    {
        // The claim column holds 200 characters; a sweep claims as the relay id followed by "/sweep".
        Assert.True(new OutboxOptionsValidator().Validate(null, new OutboxOptions { RelayId = new string('r', 194) }).Succeeded);
        Assert.True(new OutboxOptionsValidator().Validate(null, new OutboxOptions { RelayId = new string('r', 195) }).Failed);
    }
}
