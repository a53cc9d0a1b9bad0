using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sagas.Persistence.Mapping;

/// <summary>
/// Stores a property (typically an <c>IReadOnlyList</c> of records, such as a saga's history) as JSON text, a column
/// every provider has (TEXT, text, nvarchar(max)); change tracking compares the JSON, so replacing or editing the
/// value is saved and an equal value is not.
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
                (left, right) => Serialize(left, json) == Serialize(right, json),
                value => Serialize(value, json).GetHashCode(StringComparison.Ordinal),
                value => Deserialize<T>(Serialize(value, json), json)));
        return property;
    }

    static string Serialize<T>(T? value, JsonSerializerOptions options) => JsonSerializer.Serialize(value, options);

    static T Deserialize<T>(string text, JsonSerializerOptions options)
        where T : class =>
        JsonSerializer.Deserialize<T>(text, options) ?? throw new JsonException($"A {typeof(T).Name} column holds JSON null.");
}
