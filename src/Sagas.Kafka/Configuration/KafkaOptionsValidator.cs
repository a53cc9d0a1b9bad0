using Microsoft.Extensions.Options;

namespace Sagas.Kafka.Configuration;

/// <summary>Fails start-up with every problem of the bound <see cref="KafkaOptions"/> listed.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
