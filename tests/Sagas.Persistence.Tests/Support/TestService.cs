using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Sagas.Persistence.Tests.Support;

/// <summary>The service (so the schema) a test's DbContexts belong to; PostgreSQL tests use a fresh one each.</summary>
public sealed record TestService(string Name);

/// <summary>A test DbContext whose schema depends on its <see cref="TestService"/>.</summary>
public interface IHasTestService
{
    string Service { get; }
}

/// <summary>EF caches one model per context type; tests vary the schema, so the service joins the cache key.</summary>
public sealed class ServiceModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), (context as IHasTestService)?.Service, designTime);
}
