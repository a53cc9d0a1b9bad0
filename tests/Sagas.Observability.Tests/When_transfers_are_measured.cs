using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Testing;

namespace Sagas.Observability.Tests;

/// <summary>Two transfers complete and one is rejected by the fraud check; the saga, Kafka and Prometheus views agree.</summary>
public sealed class When_transfers_are_measured(When_transfers_are_measured.Run run) : IClassFixture<When_transfers_are_measured.Run>
{
    static readonly (string, object) Transfer = ("saga.type", "transfer");

    [Fact]
    public void Every_transfer_is_counted_as_started() => Assert.Equal(3, run.Metrics.Sum("sagas.saga.started", Transfer));

    [Fact]
    public void Each_is_counted_once_under_the_state_it_ended_in()
    {
        Assert.Equal(2, run.Metrics.Sum("sagas.saga.completed", Transfer, ("saga.state", "Completed")));
        Assert.Equal(1, run.Metrics.Sum("sagas.saga.completed", Transfer, ("saga.state", "Rejected")));
    }

    [Fact]
    public void Each_step_left_records_its_duration()
    {
        Assert.Equal(2, run.Metrics.Count("sagas.saga.step.duration", Transfer, ("saga.state", "Screening"), ("saga.event", "FraudCheckPassed")));
        Assert.Equal(1, run.Metrics.Count("sagas.saga.step.duration", Transfer, ("saga.state", "Screening"), ("saga.event", "FraudCheckFailed")));
        Assert.Equal(2, run.Metrics.Count("sagas.saga.step.duration", Transfer, ("saga.state", "Crediting"), ("saga.event", "AccountCredited")));
        Assert.True(run.Metrics.Sum("sagas.saga.step.duration", Transfer, ("saga.state", "Debiting"), ("saga.event", "AccountDebited")) > 0);
    }

    [Fact]
    public void Every_record_produced_is_counted_per_topic()
    {
        Assert.Equal(3, run.Metrics.Sum("sagas.kafka.records.produced", ("messaging.destination.name", "fraud.commands")));
        Assert.Equal(2, run.Metrics.Sum("sagas.kafka.records.produced", ("messaging.destination.name", "debit.commands")));
        Assert.Equal(2, run.Metrics.Sum("sagas.kafka.records.produced", ("messaging.destination.name", "credit.commands")));
    }

    [Fact]
    public void Consumer_lag_is_reported_per_partition_and_drains_to_zero()
    {
        Assert.NotEmpty(run.OrchestratorLag);
        Assert.All(run.OrchestratorLag, lag => Assert.Equal(0, lag));
    }

    [Theory]
    [InlineData("sagas_saga_started_total{")]
    [InlineData("sagas_saga_completed_total{")]
    [InlineData("sagas_saga_step_duration_seconds_bucket{")]
    [InlineData("sagas_kafka_records_produced_total{")]
    [InlineData("sagas_kafka_consumer_lag{")]
    public void The_prometheus_endpoint_serves_them(string series) => Assert.Contains(series, run.Prometheus, StringComparison.Ordinal);

    public sealed class Run : IAsyncLifetime
    {
        readonly ObservedPlatform _platform = new();

        public MetricsTap Metrics { get; private set; } = null!;

        public IReadOnlyList<double> OrchestratorLag { get; private set; } = [];

        public string Prometheus { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Metrics = new MetricsTap(_platform.Services.GetRequiredService<IMeterFactory>());
            await _platform.OpenAccount("ann", 1_000m);
            await _platform.OpenAccount("ben", 0m);
            var transfers = await Task.WhenAll(_platform.StartTransfer("ann", "ben", 10m), _platform.StartTransfer("ann", "ben", 20m),
                _platform.StartTransfer("ann", "ben", 20_000m));
            var outcomes = await Task.WhenAll(transfers.Select(_platform.Outcome));
            Assert.Equal(["Completed", "Completed", "Rejected"], outcomes.Order());

            var orchestrator = ("messaging.consumer.group.name", (object)"transfer-sagas");
            var events = ("messaging.destination.name", (object)"transfer.events");
            OrchestratorLag = await Eventually.Value(() => Task.FromResult(Metrics.ReadGauges("sagas.kafka.consumer.lag", events, orchestrator)),
                lags => lags.Count > 0 && lags.All(lag => lag == 0), "the orchestrator's lag is reported and drained");
            Prometheus = await _platform.CreateClient().GetStringAsync("/metrics");
        }

        public async Task DisposeAsync()
        {
            Metrics.Dispose();
            await _platform.DisposeAsync();
        }
    }
}
