using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Outages;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;
using Sagas.Testing;
using Xunit.Abstractions;

namespace Sagas.Kafka.Tests.Outages;

/// <summary>
/// The database a consumer writes to goes away for longer than all its retries take, with records waiting, then comes
/// back. The consumer pauses instead of dead-lettering: nothing reaches the DLQ, every record is applied once and in order
/// per key after the return, health names the database while it is down, and the log says so once, not once per retry.
/// Runs one record at a time and in batches.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_consumers_database_is_down(KafkaClusterFixture kafka, ITestOutputHelper output)
{
    const int Keys = 3;
    const int PerKey = 5;
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);
    static readonly Scenario<Outcome> Alone = new();
    static readonly Scenario<Outcome> Batched = new();

    Task<Outcome> Run(bool inBatches) => (inBatches ? Batched : Alone).Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("outage");
        using var database = new SqliteDependency();
        var log = new CapturedLog();
        await using var bus = await TestBus.Start(kafka,
            kafka.Options(o =>
            {
                o.RetryAttempts = 3;
                o.OutageProbeInterval = TimeSpan.FromMilliseconds(200);
                o.OutageSummaryInterval = TimeSpan.FromSeconds(1);
            }),
            (context, k) => k.TopicEndpoint(topic, "outage-group", e =>
            {
                e.ConfigureBusConsumer<StoringConsumer>(context);
                if (inBatches)
                    e.UseBatchUnitOfWork(_ => BatchUnitOfWork.None);
            }),
            services => services.AddSingleton(database).AddLogging(logging => logging.AddProvider(log)),
            x => x.AddConsumer<StoringConsumer>().ExcludeFromConfigureEndpoints());
        var health = new OutageHealthCheck(bus.Services.GetRequiredService<OutageMonitor>());

        database.TakeDown();
        var keys = Enumerable.Range(0, Keys).Select(_ => Guid.NewGuid()).ToList();
        await bus.Producer.ProduceBatch([.. Enumerable.Range(0, PerKey).SelectMany(sequence =>
            keys.Select(key => bus.Producer.Serialize(topic, key, new Numbered(key, sequence))))]);

        await Wait.Until(() => database.FailedAttempts >= 5, "the consumer kept trying while the database was away");
        await Task.Delay(Outage);
        var whileDown = await health.CheckHealthAsync(new());
        var appliedWhileDown = database.Applied.Count;

        var back = Stopwatch.StartNew();
        database.BringBack();
        await Wait.Until(() => database.Applied.Count == Keys * PerKey, "every record was applied after the database came back");
        var recovery = back.Elapsed;
        await Wait.Until(() => log.Lines.Any(line => line.Text.Contains("is back", StringComparison.Ordinal)), "the return was logged");
        var afterwards = await health.CheckHealthAsync(new());

        var deadLetters = TopicReader.Read(kafka.Cluster.BootstrapServers, topic + ".dlq", 1, TimeSpan.FromSeconds(2));
        output.WriteLine($"{database.FailedAttempts} failed attempts during the outage; all applied {recovery.TotalMilliseconds:F0} ms after the return; "
            + $"{log.Lines.Count} log lines");
        return new Outcome(keys, database.Applied, appliedWhileDown, deadLetters.Count, whileDown, afterwards, log.Lines);
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Nothing_is_dead_lettered(bool inBatches) => Assert.Equal(0, (await Run(inBatches)).DeadLetters);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_record_is_applied_once_in_order_per_key_after_the_return(bool inBatches)
    {
        var outcome = await Run(inBatches);
        Assert.Equal(0, outcome.AppliedWhileDown);
        foreach (var key in outcome.Keys)
            Assert.Equal(Enumerable.Range(0, PerKey), outcome.Applied.Where(applied => applied.Key == key).Select(applied => applied.Sequence));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Health_names_the_database_while_it_is_down_and_is_healthy_after(bool inBatches)
    {
        var outcome = await Run(inBatches);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, outcome.WhileDown.Status);
        Assert.True(outcome.WhileDown.Data.ContainsKey("SQLite"), outcome.WhileDown.Description);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, outcome.Afterwards.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_outage_is_logged_once_down_and_once_back_without_a_stack_trace_per_retry(bool inBatches)
    {
        var lines = (await Run(inBatches)).Log;
        Assert.Single(lines, line => line.Text.StartsWith("SQLite is unavailable", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Text.StartsWith("SQLite is back", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Text.StartsWith("SQLite still unavailable", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.HasException && line.Level >= LogLevel.Warning);
    }

    public sealed record Outcome(IReadOnlyList<Guid> Keys, IReadOnlyList<(Guid Key, int Sequence)> Applied, int AppliedWhileDown, int DeadLetters,
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult WhileDown, Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult Afterwards,
        IReadOnlyList<CapturedLog.Line> Log);
}
