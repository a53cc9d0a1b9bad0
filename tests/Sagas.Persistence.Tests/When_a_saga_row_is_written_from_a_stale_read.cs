using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence.Sagas;
using Sagas.Persistence.Schema;
using Sagas.Persistence.Tests.Support;

namespace Sagas.Persistence.Tests;

public sealed class When_a_saga_row_is_written_from_a_stale_read
{
    [Fact]
    public async Task The_version_token_fails_the_late_write()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = database.Services<CounterDbContext>(database.NewService()).BuildServiceProvider();
        await SchemaMigrator.ApplyAsync(host);
        var id = NewId.NextGuid();
        await using (var create = host.CreateAsyncScope())
        {
            var context = create.ServiceProvider.GetRequiredService<CounterDbContext>();
            SagaVersion.First(context.Counters.Add(new CounterSaga { CorrelationId = id, CurrentState = "Counting" }));
            await context.SaveChangesAsync();
        }

        await using var early = host.CreateAsyncScope();
        await using var late = host.CreateAsyncScope();
        var earlyContext = early.ServiceProvider.GetRequiredService<CounterDbContext>();
        var lateContext = late.ServiceProvider.GetRequiredService<CounterDbContext>();
        var earlySaga = await earlyContext.Counters.SingleAsync(saga => saga.CorrelationId == id);
        var lateSaga = await lateContext.Counters.SingleAsync(saga => saga.CorrelationId == id);

        earlySaga.Count("early");
        SagaVersion.Next(earlyContext.Entry(earlySaga));
        await earlyContext.SaveChangesAsync();

        lateSaga.Count("late");
        SagaVersion.Next(lateContext.Entry(lateSaga));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => lateContext.SaveChangesAsync());
    }
}
