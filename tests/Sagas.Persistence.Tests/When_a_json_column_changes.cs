using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence.Sagas;
using Sagas.Persistence.Schema;
using Sagas.Persistence.Tests.Support;

namespace Sagas.Persistence.Tests;

public sealed class When_a_json_column_changes
{
    [Fact]
    public async Task A_new_list_is_saved_and_the_same_one_is_not()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = database.Services<CounterDbContext>(database.NewService()).BuildServiceProvider();
        await SchemaMigrator.ApplyAsync(host);
        await using var scope = host.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
        var saga = new CounterSaga { CorrelationId = Guid.NewGuid(), CurrentState = "Counting" };
        saga.Count("first");
        SagaVersion.First(context.Counters.Add(saga));
        await context.SaveChangesAsync();

        context.ChangeTracker.DetectChanges();
        Assert.Equal(EntityState.Unchanged, context.Entry(saga).State);

        saga.Count("second");
        context.ChangeTracker.DetectChanges();
        Assert.True(context.Entry(saga).Property(s => s.Marks).IsModified);
        await context.SaveChangesAsync();

        context.ChangeTracker.Clear();
        var reloaded = await context.Counters.AsNoTracking().SingleAsync(s => s.CorrelationId == saga.CorrelationId);
        Assert.Equal([new CounterMark(1, "first"), new CounterMark(2, "second")], reloaded.Marks);
    }
}
