using System.Diagnostics;
using Confluent.Kafka;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Embedded;

/// <summary>The Sagas.EmbeddedKafka tool, as platform processes use it: one process owns the cluster, others find it through a file.</summary>
public sealed class When_the_embedded_cluster_runs_in_its_own_process : IAsyncLifetime
{
    readonly string _bootstrapFile = Path.Combine(Path.GetTempPath(), $"sagas-kafka-{Guid.NewGuid():N}.txt");
    Process _tool = null!;

    public async Task InitializeAsync()
    {
        var toolDll = Path.Combine(AppContext.BaseDirectory, "Sagas.EmbeddedKafka.dll");
        _tool = Process.Start(new ProcessStartInfo("dotnet", [toolDll, "--brokers", "2", "--topics", "shared.events", "--partitions", "3", "--bootstrap-file", _bootstrapFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await Wait.Until(() => File.Exists(_bootstrapFile) || _tool.HasExited, "the tool wrote its bootstrap file");
    }

    public async Task DisposeAsync()
    {
        if (!_tool.HasExited)
            _tool.Kill(entireProcessTree: true);
        await Wait.Bounded(_tool.WaitForExitAsync(), "the tool exited");
        _tool.Dispose();
        File.Delete(_bootstrapFile);
    }

    [Fact]
    public async Task Another_process_produces_and_consumes_through_the_published_address()
    {
        var bootstrap = await File.ReadAllTextAsync(_bootstrapFile);
        Assert.Equal(2, bootstrap.Split(',').Length);

        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All }).Build();
        var key = RecordKey.Encode(Guid.NewGuid());
        await producer.ProduceAsync("shared.events", new Message<byte[], byte[]> { Key = key, Value = "hello"u8.ToArray() });

        var records = TopicReader.ReadAll(bootstrap, "shared.events", partitions: 3);
        Assert.Equal("hello"u8.ToArray(), Assert.Single(records).Message.Value);
    }

    [Fact]
    public async Task Sigterm_stops_it_and_removes_the_file()
    {
        Assert.True(File.Exists(_bootstrapFile));
        using (var kill = Process.Start("kill", ["-TERM", _tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();

        await Wait.Bounded(_tool.WaitForExitAsync(), "the tool exited");
        Assert.Equal(0, _tool.ExitCode);
        Assert.False(File.Exists(_bootstrapFile));
    }
}
