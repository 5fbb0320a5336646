using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microfactory.LoadTest;

/// <summary>
/// The orchestrator as its own process (so its memory and CPU are its own), on loopback ports, with a generated
/// appsettings.json in a temporary content root: in-memory store, one admin API key, a credential per simulated site.
/// </summary>
public sealed class OrchestratorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private OrchestratorProcess(Process process, StreamWriter log, string contentRoot, Uri api, Uri agentLink, string adminKey)
    {
        _process = process;
        _log = log;
        ContentRoot = contentRoot;
        Api = api;
        AgentLink = agentLink;
        AdminKey = adminKey;
    }

    public int Pid => _process.Id;

    public string ContentRoot { get; }

    public Uri Api { get; }

    public Uri AgentLink { get; }

    public string AdminKey { get; }

    public string LogPath => Path.Combine(ContentRoot, "orchestrator.log");

    /// <summary>This node's Orleans silo-to-silo port.</summary>
    public int SiloPort { get; private init; }

    /// <summary>Starts the single embedded silo on free ports, with a new admin key.</summary>
    public static Task<OrchestratorProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> siteCredentials, CancellationToken cancellationToken) =>
        StartAsync(dll, siteCredentials, RandomSecret(), FreePort(), primarySiloPort: null, cancellationToken);

    /// <summary>
    /// Starts a node. <paramref name="primarySiloPort"/> null: the single embedded silo (localhost clustering), as
    /// before; otherwise a member of a cluster on Orleans' development clustering whose primary silo listens there
    /// (the node's own <see cref="SiloPort"/> for the primary), so no membership table is needed on one machine.
    /// </summary>
    public static async Task<OrchestratorProcess> StartAsync(
        string dll, IReadOnlyDictionary<string, string> siteCredentials, string adminKey, int siloPort, int? primarySiloPort, CancellationToken cancellationToken)
    {
        var contentRoot = Directory.CreateTempSubdirectory("mf-loadtest-").FullName;
        var apiPort = FreePort();
        var linkPort = FreePort();
        await File.WriteAllTextAsync(Path.Combine(contentRoot, "appsettings.json"),
            Settings(apiPort, linkPort, adminKey, siteCredentials, siloPort, primarySiloPort), cancellationToken);

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(contentRoot);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}.");
        var log = new StreamWriter(Path.Combine(contentRoot, "orchestrator.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var orchestrator = new OrchestratorProcess(process, log, contentRoot,
            new Uri($"http://127.0.0.1:{apiPort}"), new Uri($"http://127.0.0.1:{linkPort}"), adminKey) { SiloPort = siloPort };
        await orchestrator.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return orchestrator;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private async Task WaitReadyAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The orchestrator exited with code {_process.ExitCode} before it was ready; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Api, "/readyz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken); // polling a separate process's readiness
        }

        throw new TimeoutException($"The orchestrator was not ready (GET /readyz) within {within}; see {LogPath}.");
    }

    private static string Settings(int apiPort, int linkPort, string adminKey, IReadOnlyDictionary<string, string> siteCredentials, int siloPort, int? primarySiloPort)
    {
        var credentials = new JsonObject();
        foreach (var (site, secret) in siteCredentials)
        {
            credentials[site] = secret;
        }

        // Grains, Network and Routing as in the app's own appsettings.json; logging at Warning so 5,000
        // "site connected" lines do not stand in for the link's own cost.
        var settings = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
            ["AllowedHosts"] = "*",
            ["Urls"] = $"http://127.0.0.1:{apiPort}",
            ["Store"] = new JsonObject { ["Kind"] = "Memory", ["Container"] = "microfactory" },
            ["Grains"] = new JsonObject { ["IdleTimeout"] = "00:10:00", ["CollectionInterval"] = "00:01:00", ["TurnTimeout"] = "00:00:30" },
            ["Network"] = new JsonObject
            {
                ["MaxAttemptsPerOrder"] = 3, ["AllowDesignInstall"] = true, ["RecoveryInterval"] = "00:00:30", ["StuckAfter"] = "00:00:15",
            },
            ["Routing"] = new JsonObject
            {
                ["Weights"] = new JsonObject
                {
                    ["PerKm"] = 0.02, ["PerFinishHour"] = 1.0, ["PerLateHour"] = 10.0, ["ChangeoverPenalty"] = 2.0, ["PriorityLatenessBase"] = 2.0,
                },
            },
            ["Auth"] = new JsonObject
            {
                ["ApiKeys"] = new JsonArray(new JsonObject { ["Name"] = "loadtest-admin", ["Key"] = adminKey, ["Role"] = "admin" }),
            },
            ["AgentLink"] = new JsonObject { ["Address"] = "127.0.0.1", ["Port"] = linkPort },
            ["Agents"] = new JsonObject { ["Credentials"] = credentials },
            ["Orleans"] = Orleans(siloPort, primarySiloPort),
        };
        return settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Orleans(int siloPort, int? primarySiloPort)
    {
        var orleans = new JsonObject
        {
            ["Endpoints"] = new JsonObject { ["SiloPort"] = siloPort, ["GatewayPort"] = FreePort(), ["AdvertisedIPAddress"] = "127.0.0.1" },
        };
        if (primarySiloPort is { } primary)
        {
            orleans["ClusterId"] = "loadtest";
            orleans["ServiceId"] = "loadtest";
            orleans["Clustering"] = new JsonObject { ["ProviderType"] = "Development", ["PrimarySiloEndPoint"] = $"127.0.0.1:{primary}" };
        }

        return orleans;
    }

    public static string RandomSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)); // 32 characters

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }
}
