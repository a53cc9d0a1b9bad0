using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence.Schema;
using Sagas.Persistence.Tests.Support;

namespace Sagas.Persistence.Tests;

public sealed class When_sqlite_begins_a_saga_transaction
{
    /// <summary>
    /// The repository relies on this: its transaction takes SQLite's write lock before it reads, so two messages can
    /// never both read a saga and then both try to upgrade to writing (which SQLite answers with SQLITE_BUSY).
    /// </summary>
    [Fact]
    public async Task It_holds_the_write_lock_before_its_first_statement()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = database.Services<CounterDbContext>(database.NewService()).BuildServiceProvider();
        await SchemaMigrator.ApplyAsync(host);
        await using var scope = host.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
        var file = new SqliteConnectionStringBuilder(context.Database.GetConnectionString()).DataSource;

        await using (await context.Database.BeginTransactionAsync())
        {
            var busy = await Assert.ThrowsAsync<SqliteException>(() => WriteFromAnotherConnection(file));
            Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
        }

        await WriteFromAnotherConnection(file);
    }

    static async Task WriteFromAnotherConnection(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            DefaultTimeout = 1,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO \"AuditEntries\" (\"Id\", \"SagaId\", \"Note\") VALUES ($id, $id, 'other')";
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
        await command.ExecuteNonQueryAsync();
    }
}
