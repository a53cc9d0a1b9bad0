using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sagas.Kafka.Tests.Configuration;

public sealed class When_kafka_options_come_from_configuration
{
    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddKafkaClients();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void The_kafka_section_is_bound()
    {
        using var provider = Build(new()
        {
            ["Kafka:BootstrapServers"] = "broker-1:9092,broker-2:9092",
            ["Kafka:Partitions"] = "12",
            ["Kafka:RetryBackoff"] = "00:00:00.500",
            ["Kafka:Topics:0"] = "notify.commands",
        });

        var options = provider.GetRequiredService<IOptions<KafkaOptions>>().Value;
        Assert.Equal("broker-1:9092,broker-2:9092", options.BootstrapServers);
        Assert.Equal(12, options.Partitions);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.RetryBackoff);
        Assert.Equal(["notify.commands"], options.Topics);
    }

    [Fact]
    public void Invalid_values_are_rejected_with_what_is_wrong()
    {
        using var provider = Build(new() { ["Kafka:ConcurrencyLimit"] = "0", ["Kafka:RetryAttempts"] = "0", ["Kafka:ProduceMaxInFlight"] = "6" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KafkaOptions>>().Value);
        Assert.Contains("ConcurrencyLimit must be at least 1", failure.Failures);
        Assert.Contains("RetryAttempts must be at least 1", failure.Failures);
        Assert.Contains("ProduceMaxInFlight must be between 1 and 5 (the producer is idempotent)", failure.Failures);
    }
}
