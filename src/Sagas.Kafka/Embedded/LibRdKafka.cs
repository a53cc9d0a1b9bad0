using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Sagas.Kafka.Embedded;

/// <summary>
/// The mock-cluster part of librdkafka's C API, which Confluent.Kafka does not wrap. Calls must reach the very
/// library Confluent.Kafka loaded: a second copy would be a second librdkafka with its own threads and globals,
/// and on Debian the default <c>librdkafka.so</c> does not even load (it wants libsasl2.so.3), so Confluent.Kafka
/// falls back to another build. The resolver therefore asks the process which librdkafka file is mapped.
/// </summary>
internal static class LibRdKafka
{
    const string Name = "librdkafka";
    const int ProducerType = 0;
    const int ErrorBufferSize = 512;
    const string WarningLogLevel = "4";

    static readonly Lazy<IntPtr> Handle = new(LoadConfluentsLibrary);

    static LibRdKafka() => NativeLibrary.SetDllImportResolver(typeof(LibRdKafka).Assembly, Resolve);

    /// <summary>Creates a bare librdkafka client to host a mock cluster; it carries no traffic of its own.</summary>
    public static IntPtr CreateHostClient()
    {
        var conf = rd_kafka_conf_new();
        var error = new byte[ErrorBufferSize];

        // The host client has no bootstrap servers by design; its notice saying so is noise.
        rd_kafka_conf_set(conf, "log_level", WarningLogLevel, error, (UIntPtr)error.Length);
        var client = rd_kafka_new(ProducerType, conf, error, (UIntPtr)error.Length);
        if (client == IntPtr.Zero)
            throw new InvalidOperationException($"librdkafka refused to create the mock cluster's host client: {ReadError(error)}");
        return client;
    }

    public static void DestroyClient(IntPtr client) => rd_kafka_destroy(client);

    public static IntPtr CreateCluster(IntPtr hostClient, int brokers) => rd_kafka_mock_cluster_new(hostClient, brokers);

    public static void DestroyCluster(IntPtr cluster) => rd_kafka_mock_cluster_destroy(cluster);

    public static string Bootstraps(IntPtr cluster) =>
        Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster))
        ?? throw new InvalidOperationException("The mock cluster reported no bootstrap address.");

    /// <summary>Creates a topic; one that exists already is left as it is.</summary>
    public static void CreateTopic(IntPtr cluster, string topic, int partitions, int replicationFactor)
    {
        var error = rd_kafka_mock_topic_create(cluster, topic, partitions, replicationFactor);
        if (error != (int)ErrorCode.TopicAlreadyExists)
            ThrowIfError(error, $"create topic {topic}");
    }

    public static void SetBrokerDown(IntPtr cluster, int brokerId) =>
        ThrowIfError(rd_kafka_mock_broker_set_down(cluster, brokerId), $"take broker {brokerId} down");

    public static void SetBrokerUp(IntPtr cluster, int brokerId) =>
        ThrowIfError(rd_kafka_mock_broker_set_up(cluster, brokerId), $"bring broker {brokerId} up");

    public static void SetBrokerRtt(IntPtr cluster, int brokerId, int rttMs) =>
        ThrowIfError(rd_kafka_mock_broker_set_rtt(cluster, brokerId, rttMs), $"set the latency of broker {brokerId}");

    public static void SetPartitionLeader(IntPtr cluster, string topic, int partition, int brokerId) =>
        ThrowIfError(rd_kafka_mock_partition_set_leader(cluster, topic, partition, brokerId), $"move the leader of {topic}[{partition}]");

    public static void SetInitialRebalanceDelay(IntPtr cluster, int delayMs) =>
        rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, delayMs);

    public static void PushRequestErrors(IntPtr cluster, short apiKey, ErrorCode[] errors)
    {
        var codes = Array.ConvertAll(errors, error => (int)error);
        rd_kafka_mock_push_request_errors_array(cluster, apiKey, (UIntPtr)codes.Length, codes);
    }

    static void ThrowIfError(int error, string action)
    {
        if (error != 0)
            throw new InvalidOperationException($"The mock cluster could not {action}: {(ErrorCode)error}.");
    }

    static string ReadError(byte[] buffer)
    {
        var length = Array.IndexOf(buffer, (byte)0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length < 0 ? buffer.Length : length);
    }

    static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Name ? Handle.Value : IntPtr.Zero;

    static IntPtr LoadConfluentsLibrary()
    {
        // Touching the version makes Confluent.Kafka load its native library (with its own fallbacks) first.
        _ = Library.Version;
        var path = FindMappedLibrary();
        return path is not null ? NativeLibrary.Load(path) : NativeLibrary.Load(Name, typeof(Library).Assembly, null);
    }

    static string? FindMappedLibrary()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return null;

        return File.ReadLines(maps)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6)
            .Select(fields => string.Join(' ', fields.Skip(5)))
            .FirstOrDefault(path => Path.GetFileName(path).Contains(Name, StringComparison.Ordinal));
    }

    [DllImport(Name)]
    static extern IntPtr rd_kafka_conf_new();

    [DllImport(Name)]
    static extern int rd_kafka_conf_set(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value,
        byte[] errorBuffer, UIntPtr errorBufferSize);

    [DllImport(Name)]
    static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errorBuffer, UIntPtr errorBufferSize);

    [DllImport(Name)]
    static extern void rd_kafka_destroy(IntPtr client);

    [DllImport(Name)]
    static extern IntPtr rd_kafka_mock_cluster_new(IntPtr client, int brokers);

    [DllImport(Name)]
    static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [DllImport(Name)]
    static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [DllImport(Name)]
    static extern int rd_kafka_mock_topic_create(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

    [DllImport(Name)]
    static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [DllImport(Name)]
    static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [DllImport(Name)]
    static extern int rd_kafka_mock_broker_set_rtt(IntPtr cluster, int brokerId, int rttMs);

    [DllImport(Name)]
    static extern int rd_kafka_mock_partition_set_leader(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partition, int brokerId);

    [DllImport(Name)]
    static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

    [DllImport(Name)]
    static extern void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, UIntPtr count, int[] errors);
}
