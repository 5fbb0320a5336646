using System.Net;
using System.Text.Json;

namespace Microfactory.Cli.Api;

/// <summary>
/// An error answer turned into what the user reads: the ProblemDetails title and detail, the field it names
/// (<c>field</c>) or the field errors of a validation problem (<c>errors</c>), and the exit code for its status.
/// </summary>
public static class Problem
{
    public static CliException From(HttpStatusCode status, string body, string request, string keySource)
    {
        var code = (int)status;
        string? title = null, detail = null;
        var lines = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            title = Text(root, "title");
            detail = Text(root, "detail");
            if (Text(root, "field") is { } field)
            {
                lines.Add($"field: {field}");
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var error in errors.EnumerateObject())
                {
                    var messages = error.Value.ValueKind == JsonValueKind.Array
                        ? string.Join("; ", error.Value.EnumerateArray().Select(m => m.ToString()))
                        : error.Value.ToString();
                    lines.Add($"{error.Name}: {messages}");
                }
            }
        }
        catch (JsonException)
        {
            // Not ProblemDetails (a proxy's page, say): the status line is all there is to say.
        }

        if (status == HttpStatusCode.Unauthorized)
        {
            lines.Add($"The API did not accept the key from {keySource} (the key itself is not shown).");
        }
        else if (status == HttpStatusCode.Forbidden)
        {
            lines.Add($"The key from {keySource} is valid but its role may not do this (admin is needed to define sites and designs and to steer rollouts).");
        }

        var message = $"{title ?? status.ToString()} ({code}){(detail is null ? "" : ": " + detail)}";
        return new CliException(ExitCodeFor(status), $"{request}: {message}", lines);
    }

    public static int ExitCodeFor(HttpStatusCode status) => (int)status switch
    {
        401 or 403 => ExitCodes.Auth,
        404 => ExitCodes.NotFound,
        >= 500 => ExitCodes.Unavailable,
        _ => ExitCodes.Rejected,
    };

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
