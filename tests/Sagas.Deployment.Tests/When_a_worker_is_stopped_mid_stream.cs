using System.Text;
using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Ledger;
using Sagas.Kafka;
using Sagas.Ledger;
using Sagas.Messaging;
using Sagas.Persistence.Schema;
using Sagas.Testing;
using Sagas.Workers.Host;

namespace Sagas.Deployment.Tests;

/// <summary>
/// A debit worker process is sent SIGTERM while commands keep arriving, then a second one takes over: every command
/// is handled exactly once across the two (one reply each, the balance moved once each), because the first drains
/// before it exits (including commands its lanes had queued behind ones already answered, which would otherwise hold
/// the commit back) and commits everything it answered. The processes share one embedded broker run by
/// tools/Sagas.EmbeddedKafka.
/// </summary>
public sealed class When_a_worker_is_stopped_mid_stream : IAsyncLifetime
{
    const int Commands = 400;
    const string Payer = "payer";
    static readonly TopicOptions Topics = new();

    readonly TemporaryDirectory _directory = new();
    HostProcess? _broker;
    string _bootstrapServers = "";

    public async Task InitializeAsync()
    {
        var bootstrapFile = Path.Combine(_directory.Path, "kafka.txt");
        var topics = new[] { Topics.Debit, Topics.Debit + new KafkaOptions().DeadLetterSuffix, Topics.Transfers };
        _broker = HostProcess.Start(typeof(Sagas.EmbeddedKafka.EmbeddedKafkaHostOptions).Assembly, _directory.Path, new Dictionary<string, string>(),
            "--topics", string.Join(',', topics), "--bootstrap-file", bootstrapFile);
        await Eventually.Until(() => Task.FromResult(File.Exists(bootstrapFile)), "the embedded broker wrote its address", TimeSpan.FromMinutes(1));
        _bootstrapServers = await File.ReadAllTextAsync(bootstrapFile);
    }

    [Fact]
    public async Task Every_command_is_handled_exactly_once_across_the_stopped_worker_and_its_successor()
    {
        await using var ledger = LedgerOnDisk();
        await OpenPayerAccount(ledger, balance: Commands);
        var producer = ledger.GetRequiredService<IKafkaProducer>();
        var sagaIds = Enumerable.Range(0, Commands).Select(_ => Guid.NewGuid()).ToArray();
        using var replies = new ReplyReader(_bootstrapServers, Topics.Transfers);

        var first = StartWorker();
        await Produce(producer, sagaIds[..(Commands / 2)]);
        await Eventually.Until(() => Task.FromResult(replies.ReadAvailable() >= Commands / 8), "the first worker replied to some debits",
            TimeSpan.FromMinutes(2));
        first.Terminate();
        await Produce(producer, sagaIds[(Commands / 2)..]);
        Assert.Equal(0, await first.WaitForExit());
        var handledByFirst = replies.ReadAvailable();

        var second = StartWorker();
        await Eventually.Until(() => Task.FromResult(replies.ReadAvailable() >= Commands), "every debit was answered", TimeSpan.FromMinutes(2));
        second.Terminate();
        Assert.Equal(0, await second.WaitForExit());

        var answered = replies.ReadToEnd();
        Assert.InRange(handledByFirst, Commands / 8, Commands - 1);
        Assert.Equal(sagaIds.Order(), answered.Keys.Order());
        Assert.True(answered.All(reply => reply.Value == 1),
            $"{answered.Count(reply => reply.Value > 1)} debits answered twice; the first worker handled {handledByFirst} and logged:\n{first.Output}");
        Assert.Equal(0m, await Balance(ledger));
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    HostProcess StartWorker() => HostProcess.Start(typeof(WorkersHost).Assembly, _directory.Path, new Dictionary<string, string>
    {
        ["Workers__Roles"] = "debit",
        ["Kafka__BootstrapServers"] = _bootstrapServers,
        ["Kafka__FetchWaitMaxMs"] = "10",
        ["Kafka__ProduceMaxInFlight"] = "1",
        ["Kafka__ProvisionTopics"] = "false",
        ["Persistence__Provider"] = "Sqlite",
        ["Persistence__DataDirectory"] = _directory.Path,
        ["Host__ShutdownTimeout"] = "00:00:45",
        ["Urls"] = "http://127.0.0.1:0",
        ["Logging__LogLevel__Default"] = "Warning",
    });

    ServiceProvider LedgerOnDisk()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = "Sqlite",
            ["Persistence:DataDirectory"] = _directory.Path,
            ["Kafka:BootstrapServers"] = _bootstrapServers,
            ["Kafka:ProvisionTopics"] = "false",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        new LedgerModule().AddServices(services, configuration);
        services.AddKafkaClients();
        return services.BuildServiceProvider();
    }

    static async Task OpenPayerAccount(IServiceProvider services, decimal balance)
    {
        await SchemaMigrator.ApplyAsync(services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LedgerService>().OpenAccount(Payer, "USD", balance);
    }

    static async Task<decimal> Balance(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<LedgerService>().GetAccount(Payer);
        return account?.Balance ?? throw new InvalidOperationException("The payer's account is gone.");
    }

    /// <summary>Debit commands as a transfer saga sends them: answered on the transfer sagas' topic.</summary>
    static async Task Produce(IKafkaProducer producer, IEnumerable<Guid> sagaIds)
    {
        var answerToTransfers = Pipe.Execute<SendContext<DebitAccount>>(context => context.ResponseAddress = TopicAddress.For(Topics.Transfers));
        foreach (var sagaId in sagaIds)
            await producer.ProduceBatch([await KafkaRecords.Serialize(Topics.Debit, new DebitAccount(sagaId, Payer, 1m, "USD"), answerToTransfers, null, default)]);
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            _broker.Terminate();
            await _broker.WaitForExit();
            await _broker.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>Reads the workers' replies from the start of the topic and counts them per saga (the record key).</summary>
    sealed class ReplyReader : IDisposable
    {
        readonly IConsumer<string, byte[]> _consumer;
        readonly TopicPartition[] _partitions;
        readonly Dictionary<Guid, int> _replies = [];

        public ReplyReader(string bootstrapServers, string topic)
        {
            _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
            {
                BootstrapServers = bootstrapServers,
                GroupId = $"reply-reader-{Guid.NewGuid():N}",
                EnableAutoCommit = false,
                FetchWaitMaxMs = 10,
            }).Build();
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
            _partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
                .Select(partition => new TopicPartition(topic, partition.PartitionId)).ToArray();
            _consumer.Assign(_partitions.Select(partition => new TopicPartitionOffset(partition, Offset.Beginning)));
        }

        /// <summary>Consumes what has arrived so far and returns how many sagas have had a reply.</summary>
        public int ReadAvailable()
        {
            while (_consumer.Consume(TimeSpan.FromMilliseconds(50)) is { } record)
                Count(record);
            return _replies.Count;
        }

        /// <summary>Every reply up to the end of each partition as it is now, by saga.</summary>
        public IReadOnlyDictionary<Guid, int> ReadToEnd()
        {
            // An empty partition has no position to compare with; it has nothing to read either.
            var ends = _partitions.ToDictionary(partition => partition,
                    partition => _consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value)
                .Where(end => end.Value > 0).ToArray();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (ends.Any(end => _consumer.Position(end.Key).Value < end.Value))
                Count(_consumer.Consume(deadline.Token));
            return _replies;
        }

        void Count(ConsumeResult<string, byte[]> record)
        {
            Assert.Contains(nameof(AccountDebited), Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(KafkaHeaders.MessageType)),
                StringComparison.Ordinal);
            var sagaId = Guid.Parse(record.Message.Key);
            _replies[sagaId] = _replies.GetValueOrDefault(sagaId) + 1;
        }

        public void Dispose()
        {
            _consumer.Close();
            _consumer.Dispose();
        }
    }
}
