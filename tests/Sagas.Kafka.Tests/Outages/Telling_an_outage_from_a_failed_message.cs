using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sagas.Kafka.Outages;
using Sagas.Testing;

namespace Sagas.Kafka.Tests.Outages;

/// <summary>
/// The one classification the rider, the outbox and health share, checked on real exceptions of each provider: those of a
/// dependency that cannot be reached or refuses for now are transient and name the dependency; those of a message (bad
/// payload, broken rule, constraint, contention it can retry) are not.
/// </summary>
public sealed class Telling_an_outage_from_a_failed_message
{
    [Fact]
    public async Task A_postgres_server_that_refuses_connections_is_a_postgres_outage()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={ClosedPort()};Timeout=3;Pooling=false");
        var refused = await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.Equal("PostgreSQL", TransientFailure.DependencyOf(refused));
    }

    [Theory]
    [InlineData("57P01", "terminating connection due to administrator command")]
    [InlineData("57P03", "the database system is starting up")]
    [InlineData("08006", "connection failure")]
    [InlineData("53300", "sorry, too many clients already")]
    [InlineData("25006", "cannot execute INSERT in a read-only transaction")]
    public void A_postgres_server_shutting_down_or_failing_over_is_a_postgres_outage(string sqlState, string message)
    {
        var exception = new PostgresException(message, "FATAL", "FATAL", sqlState);

        Assert.Equal("PostgreSQL", TransientFailure.DependencyOf(exception));
    }

    [Theory]
    [InlineData("23505", "duplicate key value violates unique constraint")]
    [InlineData("22012", "division by zero")]
    [InlineData("40001", "could not serialize access due to concurrent update")]
    [InlineData("40P01", "deadlock detected")]
    [InlineData("55P03", "could not obtain lock on row")]
    public void A_statement_postgres_refuses_is_the_messages_failure(string sqlState, string message)
    {
        var exception = new PostgresException(message, "ERROR", "ERROR", sqlState);

        Assert.False(TransientFailure.IsTransient(exception));
    }

    [PostgresFact]
    public async Task An_error_a_real_postgres_server_returns_for_a_statement_is_the_messages_failure()
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 / 0", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());

        Assert.False(TransientFailure.IsTransient(refused));
    }

    [Fact]
    public async Task A_sqlite_file_that_cannot_be_opened_is_a_sqlite_outage()
    {
        using var directory = new TemporaryDirectory();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory.Path, "missing", "service.db")};Pooling=false");
        var unavailable = await Assert.ThrowsAsync<SqliteException>(() => connection.OpenAsync());

        Assert.Equal("SQLite", TransientFailure.DependencyOf(unavailable));
    }

    [Theory]
    [InlineData(10, "disk I/O error")]
    [InlineData(13, "database or disk is full")]
    public void A_sqlite_file_that_cannot_be_written_is_a_sqlite_outage(int resultCode, string message) =>
        Assert.Equal("SQLite", TransientFailure.DependencyOf(new SqliteException(message, resultCode)));

    [Fact]
    public async Task A_constraint_sqlite_enforces_is_the_messages_failure()
    {
        using var directory = new TemporaryDirectory();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory.Path, "service.db")};Pooling=false");
        await connection.OpenAsync();
        await using var create = new SqliteCommand("CREATE TABLE debits (saga TEXT PRIMARY KEY); INSERT INTO debits VALUES ('a');", connection);
        await create.ExecuteNonQueryAsync();
        await using var duplicate = new SqliteCommand("INSERT INTO debits VALUES ('a')", connection);
        var refused = await Assert.ThrowsAsync<SqliteException>(() => duplicate.ExecuteNonQueryAsync());

        Assert.False(TransientFailure.IsTransient(refused));
    }

    [Theory]
    [InlineData(5, "database is locked")]
    [InlineData(6, "database table is locked")]
    public void A_busy_sqlite_file_is_contention_the_message_retries(int resultCode, string message) =>
        Assert.False(TransientFailure.IsTransient(new SqliteException(message, resultCode)));

    [Fact]
    public async Task A_sql_server_that_cannot_be_reached_is_a_sql_server_outage()
    {
        await using var connection = new SqlConnection($"Server=tcp:127.0.0.1,{ClosedPort()};Connect Timeout=2;Encrypt=false;ConnectRetryCount=0;Pooling=false");
        var unreachable = await Assert.ThrowsAsync<SqlException>(() => connection.OpenAsync());

        Assert.Equal("SQL Server", TransientFailure.DependencyOf(unreachable));
    }

    [Fact]
    public async Task A_record_the_cluster_never_took_in_time_is_a_kafka_outage()
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = $"127.0.0.1:{ClosedPort()}",
            MessageTimeoutMs = 500,
            SocketConnectionSetupTimeoutMs = 1000,
        }).Build();
        var timedOut = await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(() =>
            producer.ProduceAsync("transfer.events", new Message<byte[], byte[]> { Key = [1], Value = [2] }));

        Assert.Equal("Kafka", TransientFailure.DependencyOf(timedOut));
    }

    [Theory]
    [InlineData(ErrorCode.Local_AllBrokersDown)]
    [InlineData(ErrorCode.Local_Transport)]
    [InlineData(ErrorCode.NotLeaderForPartition)]
    [InlineData(ErrorCode.LeaderNotAvailable)]
    [InlineData(ErrorCode.NotEnoughReplicas)]
    [InlineData(ErrorCode.RequestTimedOut)]
    public void A_cluster_without_brokers_or_leaders_is_a_kafka_outage(ErrorCode code) =>
        Assert.Equal("Kafka", TransientFailure.DependencyOf(new KafkaException(new Error(code))));

    [Theory]
    [InlineData(ErrorCode.MsgSizeTooLarge)]
    [InlineData(ErrorCode.InvalidMsg)]
    [InlineData(ErrorCode.TopicAuthorizationFailed)]
    public void A_record_the_cluster_refuses_for_itself_is_not_an_outage(ErrorCode code) =>
        Assert.False(TransientFailure.IsTransient(new KafkaException(new Error(code))));

    [Fact]
    public async Task An_outage_wrapped_by_ef_core_or_a_task_is_still_an_outage()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={ClosedPort()};Timeout=3;Pooling=false");
        var refused = await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.Equal("PostgreSQL", TransientFailure.DependencyOf(new DbUpdateException("An error occurred while saving the entity changes.", refused)));
        Assert.Equal("PostgreSQL", TransientFailure.DependencyOf(new AggregateException(new InvalidOperationException("outer", refused))));
    }

    [Fact]
    public void A_connection_reset_or_timeout_is_a_network_outage()
    {
        Assert.Equal("network", TransientFailure.DependencyOf(new IOException("read failed", new SocketException((int)SocketError.ConnectionReset))));
        Assert.Equal("network", TransientFailure.DependencyOf(new TimeoutException("The operation has timed out.")));
    }

    [Fact]
    public void A_payload_a_rule_or_a_bug_is_the_messages_failure()
    {
        Assert.False(TransientFailure.IsTransient(Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<int>("\"not a number\""))));
        Assert.False(TransientFailure.IsTransient(new InvalidOperationException("The debit would overdraw the account.")));
        Assert.False(TransientFailure.IsTransient(new DbUpdateConcurrencyException("The saga row changed meanwhile.")));
        Assert.False(TransientFailure.IsTransient(new NullReferenceException()));
    }

    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
