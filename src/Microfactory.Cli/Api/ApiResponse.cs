using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microfactory.Cli.Api;

/// <summary>A successful answer: its status and its body exactly as the API sent it (what --json prints).</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public T Read<T>() =>
        JsonSerializer.Deserialize<T>(Body, Json) ?? throw new CliException(ExitCodes.Failure, $"The API answered {(int)Status} with an empty body.");
}
