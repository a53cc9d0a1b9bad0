using System.Text.Json;
using Quartz;
using Sagas.Kafka;

namespace Sagas.Scheduling.Jobs;

/// <summary>
/// A timeout's record as job data of strings only, so the persistent store can keep job data as readable,
/// version-tolerant text rather than serialized .NET objects.
/// </summary>
internal static class TimeoutJobData
{
    const string TokenId = "token-id";
    const string Topic = "topic";
    const string Key = "key";
    const string Value = "value";
    const string Headers = "headers";

    public static JobDataMap Write(Guid tokenId, KafkaRecord record) => new()
    {
        [TokenId] = tokenId.ToString("D"),
        [Topic] = record.Topic,
        [Key] = record.Key.ToString("D"),
        [Value] = Convert.ToBase64String(record.Value),
        [Headers] = JsonSerializer.Serialize(record.Headers),
    };

    public static KafkaRecord Read(JobDataMap data) => new(
        data.GetString(Topic)!,
        Guid.Parse(data.GetString(Key)!),
        Convert.FromBase64String(data.GetString(Value)!),
        JsonSerializer.Deserialize<Dictionary<string, string>>(data.GetString(Headers)!)!);

    public static Guid Token(JobDataMap data) => Guid.Parse(data.GetString(TokenId)!);
}
