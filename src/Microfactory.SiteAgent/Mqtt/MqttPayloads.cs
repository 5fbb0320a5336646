using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Machines;

namespace Microfactory.SiteAgent.Mqtt;

/// <summary>The cell's JSON mapping (docs/cell-drivers.md): commands the agent publishes, status the machine publishes.</summary>
internal static class MqttPayloads
{
    public static string Start(MqttCommandPayload map, int program, int quantity, string jobId, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var command = new JsonObject
        {
            [map.CommandField] = map.Start,
            [map.ProgramField] = program,
            [map.QuantityField] = quantity,
        };
        if (!string.IsNullOrEmpty(map.JobField))
        {
            command[map.JobField] = jobId;
        }

        foreach (var (name, field) in map.ParameterFields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (parameters?.TryGetValue(name, out var text) == true)
            {
                command[field] = ParameterValue(text);
            }
        }

        return command.ToJsonString();
    }

    // A number keeps the exact digits the job carried (JSON has no decimal type to round them through); text stays a string.
    private static JsonNode ParameterValue(string text)
    {
        if (text.Length > 0 && (text[0] == '-' || char.IsAsciiDigit(text[0])))
        {
            try
            {
                if (JsonNode.Parse(text) is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
                {
                    return number;
                }
            }
            catch (JsonException)
            {
                // Not a JSON number (e.g. "007" or "1."): sent as the string it is.
            }
        }

        return JsonValue.Create(text);
    }

    public static string Command(MqttCommandPayload map, string command) => new JsonObject { [map.CommandField] = command }.ToJsonString();

    /// <exception cref="MachineRefusedException">The payload is not JSON or lacks a mapped field; the message names the field.</exception>
    public static MachineSnapshot Status(MqttStatusPayload map, string topic, ReadOnlySpan<byte> payload)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new MachineRefusedException($"The status on '{topic}' is not JSON: {e.Message}");
        }

        var stateText = Text(Find(root, map.StateField)) ?? throw Missing(topic, map.StateField, "Status:StateField");
        MachineState state;
        if (Is(stateText, map.Idle))
        {
            state = MachineState.Idle;
        }
        else if (Is(stateText, map.Running))
        {
            state = MachineState.Running;
        }
        else if (Is(stateText, map.Done))
        {
            state = MachineState.Done;
        }
        else if (Is(stateText, map.Fault))
        {
            state = MachineState.Fault;
        }
        else
        {
            throw new MachineRefusedException(
                $"The status on '{topic}' has {map.StateField} '{stateText}', none of Status:Idle '{map.Idle}', Running '{map.Running}', Done '{map.Done}', Fault '{map.Fault}'.");
        }

        var good = Number(Find(root, map.GoodField), topic, map.GoodField) ?? throw Missing(topic, map.GoodField, "Status:GoodField");
        return new MachineSnapshot(
            state,
            good,
            Number(Find(root, map.ScrapField), topic, map.ScrapField) ?? 0,
            (int)(Number(Find(root, map.AlarmCodeField), topic, map.AlarmCodeField) ?? 0),
            Text(Find(root, map.AlarmTextField)),
            Number(Find(root, map.ProgramField), topic, map.ProgramField) is { } program ? (int)program : null);
    }

    private static JsonNode? Find(JsonNode? node, string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        foreach (var name in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
        }

        return node;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    private static long? Number(JsonNode? node, string topic, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && (value.TryGetValue<long>(out var number)
            || (value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number))))
        {
            return number;
        }

        if (node is JsonValue real && real.TryGetValue<double>(out var d) && d == Math.Floor(d))
        {
            return (long)d;
        }

        throw new MachineRefusedException($"The status on '{topic}' has {field} {node.ToJsonString()}, expected a whole number.");
    }

    private static bool Is(string value, string word) => string.Equals(value, word, StringComparison.OrdinalIgnoreCase);

    private static MachineRefusedException Missing(string topic, string field, string key) =>
        new($"The status on '{topic}' has no '{field}' (the field named by Mqtt:{key}).");
}
