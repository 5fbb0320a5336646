using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microfactory.SiteAgent.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Microfactory.SiteAgent.Operations;

/// <summary>
/// The technician's commands, run on the factory's box next to the agent (same configuration, same state directory):
/// <c>status [--json]</c>, <c>confirm CELL [--by NAME]</c>, <c>reset CELL [--by NAME]</c>. They call the running agent's
/// local endpoint with its token.
/// </summary>
public static class AgentCommandLine
{
    public const int Failed = 1;
    public const int Usage = 64;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static bool Handles(string[] args) => args is ["status" or "confirm" or "reset", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (command, cell, by, json) = Parse(args);
        if (command is null || (command != "status" && cell is null))
        {
            await error.WriteLineAsync("usage: Microfactory.SiteAgent status [--json] | confirm CELL [--by NAME] | reset CELL [--by NAME]").ConfigureAwait(false);
            return Usage;
        }

        // The agent's own configuration sources (appsettings.json in the working directory, Agent__* variables).
        var agent = new AgentOptions();
        Host.CreateApplicationBuilder([]).Configuration.GetSection(AgentOptions.SectionName).Bind(agent);
        if (agent.Local.Url is not { } url)
        {
            await error.WriteLineAsync("Agent:Local:Url is not set: the agent runs no local endpoint (set it, e.g. http://127.0.0.1:5090, and restart the agent).").ConfigureAwait(false);
            return Hosting.ConfigurationErrorExit.ExitCode;
        }

        if (LocalToken.Read(agent) is not { } token)
        {
            await error.WriteLineAsync($"No local token: set Agent:Local:Token, or run as a user who can read {LocalToken.PathIn(agent)} (the agent makes it at its first start).").ConfigureAwait(false);
            return Hosting.ConfigurationErrorExit.ExitCode;
        }

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = command switch
            {
                "status" => await http.GetAsync(new Uri("status", UriKind.Relative)).ConfigureAwait(false),
                _ => await http.PostAsJsonAsync(new Uri($"cells/{Uri.EscapeDataString(cell!)}/{command}", UriKind.Relative), new ConfirmRequest(by ?? Environment.UserName)).ConfigureAwait(false),
            };
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"{(int)response.StatusCode} {response.ReasonPhrase}: {Detail(body)}").ConfigureAwait(false);
                return Failed;
            }

            await output.WriteLineAsync(command == "status" && !json ? Describe(JsonSerializer.Deserialize<AgentStatus>(body, Json)!) : Pretty(body)).ConfigureAwait(false);
            return 0;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"The agent's local endpoint at {url} does not answer ({e.Message}): is the agent running?").ConfigureAwait(false);
            return Failed;
        }
    }

    private static (string? Command, string? Cell, string? By, bool Json) Parse(string[] args)
    {
        string? cell = null, by = null;
        var json = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--by" when i + 1 < args.Length:
                    by = args[++i];
                    break;
                case var value when !value.StartsWith('-') && cell is null:
                    cell = value;
                    break;
                default:
                    return (null, null, null, false);
            }
        }

        return (args[0], cell, by, json);
    }

    private static string Describe(AgentStatus status)
    {
        var text = new System.Text.StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"site {status.SiteId} (agent {status.AgentVersion}) at {status.At:u}");
        text.AppendLine(invariant, $"link  {(status.Link.Connected ? "connected" : "DISCONNECTED")} to {status.Link.Orchestrator} since {status.Link.Since:u}");
        if (status.Link.LastProblem is { } problem)
        {
            text.AppendLine(invariant, $"      last problem {status.Link.LastProblemAt:u}: {problem}");
        }

        foreach (var cell in status.Cells)
        {
            text.AppendLine(invariant, $"cell  {cell.Id} [{cell.Driver}] {cell.State}, {cell.Connection}{(cell.Endpoint is null ? "" : $" {cell.Endpoint}")}, job {cell.CurrentJobId ?? "-"}, {cell.Queued} queued");
            if (cell.AwaitingOperator)
            {
                text.AppendLine(invariant, $"      WAITING FOR AN OPERATOR since {cell.AwaitingSince:u} (after job {cell.AwaitingAfterJobId}): confirm with 'confirm {cell.Id}'");
            }

            if (cell.DownReason is { } down)
            {
                text.AppendLine(invariant, $"      down: {down}");
            }

            if (cell.LastError is { } last)
            {
                text.AppendLine(invariant, $"      last error {cell.LastErrorAt:u}: {last}");
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string Pretty(string body)
    {
        using var document = JsonDocument.Parse(body);
        return JsonSerializer.Serialize(document.RootElement, Json);
    }
}
