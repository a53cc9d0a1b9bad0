using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sagas.EmbeddedKafka;

// Runs librdkafka's mock cluster until SIGTERM or Ctrl+C, so several platform processes can share one broker.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--bootstrap-file"] = nameof(EmbeddedKafkaHostOptions.BootstrapFile),
    ["--replication-factor"] = nameof(EmbeddedKafkaHostOptions.ReplicationFactor),
});
builder.Services.AddOptions<EmbeddedKafkaHostOptions>()
    .Bind(builder.Configuration)
    .Validate(o => o.Brokers >= 1 && o.Partitions >= 1 && o.ReplicationFactor >= 1, "brokers, partitions and replication-factor must be at least 1");
builder.Services.AddHostedService<EmbeddedKafkaService>();
await builder.Build().RunAsync();
