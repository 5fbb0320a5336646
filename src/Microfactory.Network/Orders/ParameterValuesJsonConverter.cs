using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microfactory.Network.Orders;

/// <summary>
/// An order's parameter values as a JSON object whose values may be strings or numbers (<c>{"width": 120.5,
/// "colour": "red"}</c>). A number is kept as the text the client wrote, so nothing is rounded through a double before the
/// design's rules read it; the names come out sorted, so the same values in another order fingerprint the same.
/// </summary>
public sealed class ParameterValuesJsonConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("'parameters' must be an object of name: value (a string or a number).");
        }

        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            var value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                JsonTokenType.True or JsonTokenType.False => reader.GetBoolean() ? "true" : "false",
                _ => throw new JsonException("Each parameter value must be a string or a number."),
            };
            if (!values.TryAdd(name, value))
            {
                throw new JsonException("A parameter is given twice.");
            }
        }

        return new Dictionary<string, string>(values, StringComparer.Ordinal);
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, text) in value.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            writer.WriteString(name, text);
        }

        writer.WriteEndObject();
    }
}
