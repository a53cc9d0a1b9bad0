using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sagas.Persistence;

/// <summary>
/// Runs SQL text exactly as written (no <c>{0}</c> formatting, unlike ExecuteSqlRaw) inside the context's current
/// transaction; parameters are named <c>@p0</c>, <c>@p1</c>, … on every provider.
/// </summary>
internal static class RawSql
{
    public static async Task ExecuteAsync(DbContext context, string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(context, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarAsync(DbContext context, string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(context, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    static DbCommand CreateCommand(DbContext context, string sql, IReadOnlyList<object> parameters)
    {
        var transaction = context.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Raw schema SQL runs only inside the schema transaction.");
        var command = transaction.Connection!.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        if (context.Database.GetCommandTimeout() is { } timeout)
            command.CommandTimeout = timeout;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = parameters[i];
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
