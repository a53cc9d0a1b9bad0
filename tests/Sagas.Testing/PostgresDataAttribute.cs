using System.Reflection;
using Sagas.Persistence;
using Xunit.Sdk;

namespace Sagas.Testing;

/// <summary>
/// The <see cref="DatabaseProvider.PostgreSql"/> row of a theory that runs on every provider we can start here;
/// skipped, with the reason, when <c>SAGAS_TEST_POSTGRES</c> is not set, like <see cref="PostgresFactAttribute"/>.
/// </summary>
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute() => Skip = PostgresFactAttribute.SkipReason;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[DatabaseProvider.PostgreSql]];
}
