using System.Net.Http.Json;
using System.Text.Json;
using Microfactory.EndToEnd.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Microfactory.Console.Tests.Support;

/// <summary>
/// What every console test runs against: the orchestrator process with an admin and a planner key and a trace URL
/// template, five real agent processes (osaka-01..03, kyoto-01, kobe-01; kobe-01 fails installs of plate@2.0.0), and
/// one headless Debian chromium driven by Playwright. Each test opens its own browser context (its own cookies).
/// </summary>
public sealed class ConsoleNetwork(IMessageSink sink) : IAsyncLifetime
{
    public const string PlannerKey = "console-planner-key-0123456789abcdef";
    public const string TraceUrlTemplate = "http://grafana.example.test/explore?trace={traceId}";
    public const string FailingSite = "kobe-01";
    public const string FailingDesign = "plate@2.0.0";

    private static readonly (string Id, string City, string Name, double Latitude, double Longitude)[] OtherCities =
    [
        ("kyoto-01", "kyoto", "Kyoto", 35.0116, 135.7681),
        ("kobe-01", "kobe", "Kobe", 34.6901, 135.1955),
    ];

    private readonly List<AgentNode> _agents = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("mf-console-").FullName;
    private Network? _network;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string AdminKey => OrchestratorNode.AdminKey;

    /// <summary>How long a browser action or an expectation waits before it fails.</summary>
    public static float WaitMilliseconds { get; } = Environment.GetEnvironmentVariable("CI") is null ? 20_000 : 40_000;

    /// <summary>The orchestrator process's home directory.</summary>
    public string Home => Directory.CreateDirectory(Path.Combine(_directory, "home")).FullName;

    public Network Network => _network ?? throw new InvalidOperationException("The network has not started.");

    public IReadOnlyList<string> SiteIds => ["osaka-01", "osaka-02", "osaka-03", .. OtherCities.Select(c => c.Id)];

    public async Task InitializeAsync()
    {
        // Expect-style waits: a live page shows a change within a few seconds; the wait allows for a busy machine
        // (and for CI, where every test project runs at once on two cores).
        SetDefaultExpectTimeout(WaitMilliseconds);
        var environment = new Dictionary<string, string>
        {
            ["Auth__ApiKeys__1__Name"] = "console-planner",
            ["Auth__ApiKeys__1__Key"] = PlannerKey,
            ["Auth__ApiKeys__1__Role"] = "planner",
            ["Console__TraceUrlTemplate"] = TraceUrlTemplate,
            ["Console__RefreshInterval"] = "00:00:00.500",
            // As behind a TLS-terminating proxy (ingress): X-Forwarded-Proto says whether the browser's request was TLS.
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            // A home of its own: ASP.NET Core would keep data-protection keys there if not in the store.
            ["HOME"] = Home,
        };
        foreach (var (id, _, _, _, _) in OtherCities)
        {
            environment[$"Agents__Credentials__{id}"] = $"{id}-credential-0123456789abcdef";
        }

        // Parts take a second: an order of 2 is done in seconds, one of 20 stays queued while a test plans.
        _network = await Network.StartAsync(new SinkOutput(sink), sites: 3, cycleTime: TimeSpan.FromSeconds(1), orchestratorEnvironment: environment);
        foreach (var (id, city, name, latitude, longitude) in OtherCities)
        {
            await Network.PutAsync($"/api/cities/{city}", new { name, latitude, longitude });
            await Network.PutAsync($"/api/sites/{id}", new
            {
                name = id,
                cityId = city,
                latitude = latitude + 0.01,
                longitude = longitude + 0.01,
                cells = new[] { new { id = AgentNode.CellId, capabilities = new[] { "cnc" } } },
            });
            var agent = new AgentNode(Path.Combine(_directory, id), id, Network.Orchestrator.AgentLink, TimeSpan.FromSeconds(1), seed: _agents.Count + 10,
                id == FailingSite ? FailingDesign : null);
            _agents.Add(agent);
            agent.Start();
        }

        await EverySiteOnlineAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // As root in a closed network: no sandbox, and nothing that phones home (docs: the machine's chromium notes).
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (no cookies) on the console; dispose it to close it.</summary>
    public async Task<ConsoleSession> OpenAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Network.Orchestrator.Api.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(WaitMilliseconds);
        return new ConsoleSession(context, await context.NewPageAsync());
    }

    /// <summary>A browser context signed in with <paramref name="key"/>, on the network page.</summary>
    public async Task<ConsoleSession> SignInAsync(string key)
    {
        var session = await OpenAsync();
        await session.SignInAsync(key);
        return session;
    }

    public async Task EverySiteOnlineAsync() =>
        await Await.Until(async () =>
        {
            var sites = await Network.GetAsync<List<JsonElement>>("/api/sites");
            return SiteIds.All(id => sites.Any(s => s.GetProperty("id").GetString() == id
                && s.GetProperty("status").GetString() == "Online" && s.GetProperty("connected").GetBoolean()));
        }, $"all of {string.Join(", ", SiteIds)} to be Online and connected", TimeSpan.FromSeconds(60));

    public async Task PostAsync(string path, object? body = null)
    {
        using var response = await Network.Orchestrator.Admin.PostAsJsonAsync(path, body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public AgentNode Agent(string siteId) => _agents.SingleOrDefault(a => a.SiteId == siteId) ?? Network.Agent(siteId);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
            foreach (var log in agent.LogFiles)
            {
                sink.OnMessage(new DiagnosticMessage($"===== {agent.SiteId}: {log}{Environment.NewLine}{string.Join(Environment.NewLine, File.ReadAllLines(log))}"));
            }
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }

    private sealed class SinkOutput(IMessageSink sink) : ITestOutputHelper
    {
        public void WriteLine(string message) => sink.OnMessage(new DiagnosticMessage(message));

        public void WriteLine(string format, params object[] args) => sink.OnMessage(new DiagnosticMessage(format, args));
    }
}

/// <summary>The test classes that share one <see cref="ConsoleNetwork"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleNetworkCollection : ICollectionFixture<ConsoleNetwork>
{
    public const string Name = "console network";
}
