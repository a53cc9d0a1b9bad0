using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sagas.Persistence.Schema;

/// <summary>
/// Version 1 of a schema: the statements EF Core generates to create the context's current model on its provider
/// (what <c>GenerateCreateScript</c> prints), one command each, schema creation first; or, for an
/// <see cref="IScriptedSchema"/>, its own script.
/// </summary>
internal static class SchemaScripts
{
    public static IReadOnlyList<string> CreateCommands(DbContext context) =>
        context is IScriptedSchema scripted ? scripted.CreateCommands : ModelCreateCommands(context);

    /// <summary>The tables version 1 creates, as (schema, name).</summary>
    public static IReadOnlyList<(string? Schema, string Name)> Tables(DbContext context) =>
        context is IScriptedSchema scripted
            ? scripted.Tables
            : [.. context.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables.Select(table => (table.Schema, table.Name))];

    static IReadOnlyList<string> ModelCreateCommands(DbContext context)
    {
        var model = context.GetService<IDesignTimeModel>().Model;
        var operations = context.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel());
        return [.. context.GetService<IMigrationsSqlGenerator>().Generate(operations, model).Select(command => command.CommandText)];
    }
}
