using System.Collections;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>
/// Renders the platform's SQL statement builders for one DbContext, found by their shape rather than by name: every
/// static method in <c>src/</c> (of any visibility, generic ones closed over the context and its entity types) that takes
/// the DbContext and otherwise at most a lock timeout and names (a database role), and returns SQL text, a list of it, or
/// a platform object holding it (such as <c>SagaLockStatements</c>). A builder that does not apply to the context (its entity is not mapped) throws
/// and is tried on the next context. What a builder gives that is not a statement (a table name) is left out by the catalog.
/// </summary>
static class StatementBuilders
{
    const BindingFlags Statics = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
    const BindingFlags Instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    /// <summary>A realistic lock timeout: the platform's default.</summary>
    static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A name for builders that take one, such as the database role a grant is for.</summary>
    const string SampleName = "sagas_service";

    public static IEnumerable<(string Source, string Text)> Render(DbContext context)
    {
        var typeArguments = context.Model.GetEntityTypes().Select(entity => entity.ClrType).Prepend(context.GetType()).Distinct().ToArray();
        foreach (var type in PlatformAssemblies.Types.Where(type => type.GetMethods(Statics).Any(IsBuilder)))
            foreach (var declaring in Closed(type, typeArguments))
                foreach (var method in declaring.GetMethods(Statics).Where(IsBuilder))
                    foreach (var closed in Closed(method, typeArguments))
                        foreach (var text in Invoke(closed, context))
                            yield return ($"{Name(declaring)}.{method.Name} for {context.GetType().Name}", text);
    }

    static bool IsBuilder(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return parameters.Length > 0 && parameters[0].ParameterType == typeof(DbContext)
            && parameters.Skip(1).All(parameter => parameter.ParameterType == typeof(TimeSpan) || parameter.ParameterType == typeof(string))
            && (method.ReturnType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(method.ReturnType)
                || (PlatformAssemblies.All.Contains(method.ReturnType.Assembly) && method.ReturnType.IsClass));
    }

    static IReadOnlyList<string> Invoke(MethodInfo method, DbContext context)
    {
        try
        {
            return [.. Texts(method.Invoke(null, [context, .. method.GetParameters().Skip(1).Select(Sample)]))];
        }
        catch (TargetInvocationException)
        {
            // Not for this context: a builder for an entity the context does not map says so by throwing.
            return [];
        }
    }

    static object Sample(ParameterInfo parameter) => parameter.ParameterType == typeof(string) ? SampleName : LockTimeout;

    static IEnumerable<string> Texts(object? value) => value switch
    {
        null => [],
        string text => [text],
        IEnumerable<string> texts => texts,
        _ => value.GetType().GetProperties(Instance)
            .Where(property => property.GetIndexParameters().Length == 0
                && (property.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(property.PropertyType)))
            .SelectMany(property => Texts(property.GetValue(value))),
    };

    /// <summary>The type itself, or each way of closing a generic definition over the context and its entity types.</summary>
    static IEnumerable<Type> Closed(Type type, Type[] candidates) =>
        !type.IsGenericTypeDefinition
            ? [type]
            : Combinations(type.GetGenericArguments().Length, candidates).Select(arguments => TryClose(() => type.MakeGenericType(arguments))).OfType<Type>();

    static IEnumerable<MethodInfo> Closed(MethodInfo method, Type[] candidates) =>
        !method.IsGenericMethodDefinition
            ? [method]
            : Combinations(method.GetGenericArguments().Length, candidates).Select(arguments => TryClose(() => method.MakeGenericMethod(arguments))).OfType<MethodInfo>();

    static T? TryClose<T>(Func<T> close)
        where T : class
    {
        try
        {
            return close();
        }
        catch (ArgumentException)
        {
            // The arguments break the definition's constraints.
            return null;
        }
    }

    static IEnumerable<Type[]> Combinations(int count, Type[] candidates) =>
        count == 0 ? [[]] : Combinations(count - 1, candidates).SelectMany(prefix => candidates.Select(candidate => (Type[])[.. prefix, candidate]));

    static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.Name;
}
