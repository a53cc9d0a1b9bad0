using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>
/// Lets EF Core build every command as it would for SQL Server and sends none: opening the connection is suppressed,
/// and each command's text is recorded just before it would execute, which is then stopped with <see cref="CommandCaptured"/>.
/// So a SqlServer-configured context with this interceptor never connects to anything.
/// </summary>
sealed class CommandCapture : DbCommandInterceptor, IDbConnectionInterceptor
{
    readonly List<string> _commands = [];

    public IReadOnlyList<string> Commands => _commands;

    /// <summary>Runs <paramref name="work"/> up to its first command and returns that command's text.</summary>
    public async Task<string> FirstCommandOf(Func<Task> work)
    {
        var before = _commands.Count;
        try
        {
            await work();
        }
        catch (Exception exception) when (CapturedIn(exception))
        {
            return _commands[before];
        }
        throw new InvalidOperationException("The work finished without sending a command.");
    }

    static bool CapturedIn(Exception? exception) =>
        exception is not null && (exception is CommandCaptured || CapturedIn(exception.InnerException));

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        throw Captured(command);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        throw Captured(command);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        throw Captured(command);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        throw Captured(command);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        throw Captured(command);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        throw Captured(command);

    CommandCaptured Captured(DbCommand command)
    {
        _commands.Add(command.CommandText);
        return new CommandCaptured(command.CommandText);
    }
}

/// <summary>Stops a command that <see cref="CommandCapture"/> recorded, so nothing waits for a server that is not there.</summary>
sealed class CommandCaptured(string commandText) : Exception($"Captured, not sent: {commandText}");
