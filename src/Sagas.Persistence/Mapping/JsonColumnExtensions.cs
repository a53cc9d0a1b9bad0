using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sagas.Persistence.Mapping;

/// <summary>
/// Stores a property (typically an <c>IReadOnlyList</c> of records, such as a saga's history) as JSON text, a column
/// every provider has (TEXT, text, nvarchar(max)). The value is treated as immutable: change tracking compares it by
/// reference, so assigning a new value saves it, and a value edited in place is not noticed. Comparing the JSON instead
/// would serialize the whole history several times per message (a snapshot on load, both sides on every change check).
/// </summary>
public static class JsonColumnExtensions
{
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property, JsonSerializerOptions? options = null)
        where T : class
    {
        var json = options ?? JsonSerializerOptions.Default;
        property.HasConversion(
            new ValueConverter<T, string>(value => Serialize(value, json), text => Deserialize<T>(text, json)),
            new ValueComparer<T>(
                (left, right) => ReferenceEquals(left, right),
                value => RuntimeHelpers.GetHashCode(value),
                value => value));
        return property;
    }

    static string Serialize<T>(T? value, JsonSerializerOptions options) => JsonSerializer.Serialize(value, options);

    static T Deserialize<T>(string text, JsonSerializerOptions options)
        where T : class =>
        JsonSerializer.Deserialize<T>(text, options) ?? throw new JsonException($"A {typeof(T).Name} column holds JSON null.");
}
