using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microfactory.GrainStorage;

/// <summary>
/// How grain state is written: readable JSON (ops read it), enums as names, nulls left out. The same options serve
/// every provider and the scanners that read states back, so a state reads the same whichever path wrote it.
/// </summary>
public static class GrainStateJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter());
    }

    /// <summary>Options for code outside a silo (scanners, tools); a silo uses Orleans' configured instance.</summary>
    public static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { IncludeFields = true };
        Configure(options);
        return options;
    }
}
