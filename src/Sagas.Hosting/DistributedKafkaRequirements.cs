using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Kafka;

namespace Sagas.Hosting;

/// <summary>What a distributed host asks of its Kafka settings on top of their own validation.</summary>
sealed class DistributedKafkaRequirements(IOptions<HostOptions> host) : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var problems = new List<string>();

        // Without bootstrap servers the rider would quietly start a private embedded broker no other process can see.
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
            problems.Add("Kafka:BootstrapServers is empty: a distributed host needs a Kafka cluster (the embedded broker is only "
                + "for Sagas.Standalone); set Kafka__BootstrapServers, e.g. kafka-1:9092,kafka-2:9092,kafka-3:9092");

        // On SIGTERM the rider lets running records finish for up to DrainTimeout and commits them; a host that stops
        // sooner abandons them, and they run again on the partition's next owner.
        var shutdown = host.Value.ShutdownTimeout;
        if (shutdown <= options.DrainTimeout)
            problems.Add($"{DistributedHostExtensions.HostSection}:ShutdownTimeout ({shutdown}) must be longer than Kafka:DrainTimeout "
                + $"({options.DrainTimeout}) so in-flight records finish and commit before the host stops");

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
