using Sagas.Bench.Workload;

namespace Sagas.Bench.Tests;

public class When_the_command_line_is_read
{
    [Fact]
    public void A_rate_run_with_a_mix_and_orders_is_understood()
    {
        var options = BenchOptions.Parse(["--rate", "250", "--duration", "60", "--mix", "plain=1,compensated=1", "--orders", "10",
            "--storage", "postgres", "--connection", "Host=127.0.0.1", "--baseline", "inmemory", "--json", "out.json", "--warmup", "200"]);

        Assert.Equal(250, options.Rate);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Duration);
        Assert.Null(options.SagaLimit);
        Assert.Equal(10, options.Mix.OrderPercent);
        Assert.Equal(2, options.Mix.TransferWeights.Count);
        Assert.True(options.InMemoryBaseline);
        Assert.Equal("out.json", options.JsonFile);
        Assert.Equal(200, options.Warmup);
        Assert.Equal(200, options.ForWarmup().SagaLimit);
        Assert.Null(options.ForWarmup().JsonFile);
    }

    [Theory]
    [InlineData("--unknown", "1")]
    [InlineData("--rate", "fast")]
    [InlineData("--rate", "0")]
    [InlineData("--storage", "oracle")]
    [InlineData("--mix", "plain=0")]
    [InlineData("--mix", "lucky=3")]
    [InlineData("--orders", "101")]
    [InlineData("--baseline", "kafka")]
    [InlineData("--count")]
    [InlineData("--help")]
    [InlineData("count", "10")]
    [InlineData("--warmup", "-1")]
    public void A_wrong_option_is_refused_with_a_reason(params string[] args) =>
        Assert.Throws<FormatException>(() => BenchOptions.Parse(args));

    [Fact]
    public void The_same_seed_plans_the_same_sagas_with_each_outcome_in_proportion()
    {
        var mix = SagaMix.Parse("plain=50,fraud=50", 0);
        var first = new WorkloadPlan("a", 5, mix, 7).Sagas().Take(1000).ToList();
        var second = new WorkloadPlan("a", 5, mix, 7).Sagas().Take(1000).ToList();

        Assert.Equal(first, second);
        Assert.InRange(first.Count(saga => saga.Outcome == Outcome.FraudRejected), 400, 600);
        Assert.All(first, saga => Assert.NotEqual(saga.Payment.Payer, saga.Payment.Payee));
    }
}
