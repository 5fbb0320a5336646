using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microfactory.EndToEnd.Tests.Support;

/// <summary>
/// The orchestrator as a process (`dotnet Microfactory.Orchestrator.dll --contentRoot dir`) with a generated
/// appsettings.json: a local-directory store in its temp dir, fixed loopback ports, one admin key, a credential per
/// site. <see cref="CrashAsync"/> then <see cref="StartAsync"/> is a restart on the same store and ports.
/// </summary>
public sealed class OrchestratorNode : IAsyncDisposable
{
    public const string AdminKey = "e2e-admin-key-0123456789abcdefgh";

    private readonly string _directory;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private ChildProcess? _process;
    private int _runs;

    /// <param name="environment">Settings beyond the generated ones, as environment variables (<c>Auth__ApiKeys__1__Key</c>, ...).</param>
    public OrchestratorNode(string directory, IReadOnlyDictionary<string, string> siteCredentials, IReadOnlyDictionary<string, string>? environment = null)
    {
        _directory = directory;
        _environment = environment ?? new Dictionary<string, string>();
        Directory.CreateDirectory(directory);
        int apiPort = FreeTcpPort.Next(), linkPort = FreeTcpPort.Next();
        Api = new Uri($"http://127.0.0.1:{apiPort}");
        AgentLink = new Uri($"http://127.0.0.1:{linkPort}");
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), Settings(apiPort, linkPort, siteCredentials));
        Admin = new HttpClient { BaseAddress = Api, Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public Uri Api { get; }

    public Uri AgentLink { get; }

    public HttpClient Admin { get; }

    public IEnumerable<string> LogFiles => Directory.EnumerateFiles(_directory, "orchestrator-*.log").Order();

    /// <summary>Starts a run and waits for GET /readyz (the store is loaded and the directory read).</summary>
    public async Task StartAsync()
    {
        _runs++;
        var log = Path.Combine(_directory, $"orchestrator-{_runs}.log");
        _process = ChildProcess.Start(BuiltApp.Orchestrator, _directory, log, _environment, "--contentRoot", _directory);
        await Await.Until(IsReadyAsync, $"the orchestrator (run {_runs}) to answer GET /readyz; see {log}", TimeSpan.FromSeconds(60));
    }

    /// <summary>kill -9: no graceful shutdown, nothing flushed that was not already durable.</summary>
    public Task CrashAsync() => _process?.KillHard() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process!.HasExited)
        {
            throw new InvalidOperationException($"The orchestrator exited with code {_process.ExitCode} before it was ready; see {_process.LogPath}.");
        }

        try
        {
            using var response = await Admin.GetAsync(new Uri(Api, "/readyz"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    private static string Settings(int apiPort, int linkPort, IReadOnlyDictionary<string, string> siteCredentials)
    {
        var credentials = new JsonObject();
        foreach (var (site, secret) in siteCredentials)
        {
            credentials[site] = secret;
        }

        var settings = new JsonObject
        {
            ["Logging"] = new JsonObject
            {
                ["LogLevel"] = new JsonObject { ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning" },
                // Stamped like the agents' lines, so a failed test's logs show when each silo did what.
                ["Console"] = new JsonObject
                {
                    ["FormatterName"] = "simple",
                    ["FormatterOptions"] = new JsonObject { ["SingleLine"] = true, ["UseUtcTimestamp"] = true, ["TimestampFormat"] = AgentNode.TimestampFormat },
                },
            },
            ["Urls"] = $"http://127.0.0.1:{apiPort}",
            ["Store"] = new JsonObject { ["Kind"] = "LocalDirectory", ["Directory"] = "store", ["Container"] = "microfactory" },
            ["Auth"] = new JsonObject
            {
                ["ApiKeys"] = new JsonArray(new JsonObject { ["Name"] = "e2e-admin", ["Key"] = AdminKey, ["Role"] = "admin" }),
            },
            ["AgentLink"] = new JsonObject { ["Address"] = "127.0.0.1", ["Port"] = linkPort },
            ["Agents"] = new JsonObject { ["Credentials"] = credentials },
            ["Rollouts"] = new JsonObject { ["PollInterval"] = "00:00:00.200" },
            ["Orleans"] = new JsonObject
            {
                ["Endpoints"] = new JsonObject { ["SiloPort"] = FreeTcpPort.Next(), ["GatewayPort"] = FreeTcpPort.Next() },
            },
        };
        return settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
