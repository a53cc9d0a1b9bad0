using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Sagas.Persistence.Sagas;
using Sagas.Persistence.Tests.Support;

namespace Sagas.Persistence.Tests;

public sealed class When_locking_a_saga_on_postgres
{
    static readonly Guid SagaId = Guid.Parse("0b6c7d2e-5f43-4a8e-9d1c-3e2f4a5b6c7d");

    [Fact]
    public void A_saga_is_loaded_for_update_after_an_advisory_lock_on_its_id()
    {
        var options = new DbContextOptionsBuilder<CounterDbContext>()
            .UseNpgsql("Host=unused;Database=unused")
            .ReplaceService<IModelCacheKeyFactory, ServiceModelCacheKeyFactory>().Options;
        using var context = new CounterDbContext(options, new TestService("orders"));

        var locks = SagaLockStatements.For<CounterSaga>(context, TimeSpan.FromSeconds(5));

        Assert.Equal("SELECT * FROM orders.\"Counters\" WHERE \"CorrelationId\" = {0} FOR UPDATE", locks.SelectForUpdate);
        Assert.Equal("SELECT pg_advisory_xact_lock({0})", locks.LockSagaId);
        Assert.Equal(locks.LockKey(SagaId), locks.LockKey(SagaId));
        Assert.NotEqual(locks.LockKey(SagaId), locks.LockKey(Guid.NewGuid()));
    }
}
