using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit.Abstractions;

namespace Microfactory.EndToEnd.Tests.Support;

/// <summary>
/// A whole network on one machine: the orchestrator process, one agent process per site (each with its own state
/// directory), all in one temp directory. Seeds a city, the test design and the sites through the admin API, as an
/// operator would. On dispose every process is killed and every log is written to the test's output, which the
/// runner prints when the test fails.
/// </summary>
public sealed class Network : IAsyncDisposable
{
    public const string Product = "bracket";
    public const string Version = "1.0.0";
    public const string Design = $"{Product}@{Version}";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly ITestOutputHelper _output;
    private readonly string _directory;

    private Network(ITestOutputHelper output, string directory, OrchestratorNode orchestrator, IReadOnlyList<AgentNode> agents)
    {
        _output = output;
        _directory = directory;
        Orchestrator = orchestrator;
        Agents = agents;
    }

    public OrchestratorNode Orchestrator { get; }

    public IReadOnlyList<AgentNode> Agents { get; }

    public AgentNode Agent(string siteId) => Agents.Single(a => a.SiteId == siteId);

    /// <summary>Starts the orchestrator, registers <paramref name="sites"/> sites, starts their agents and waits until every site is online.</summary>
    /// <param name="failInstallFor">Per site id, a design version whose install that site's agent fails (Agent:Designs:FailInstallFor).</param>
    /// <param name="orchestratorEnvironment">More orchestrator settings, as environment variables.</param>
    public static async Task<Network> StartAsync(
        ITestOutputHelper output, int sites, TimeSpan cycleTime, IReadOnlyDictionary<string, string>? failInstallFor = null, IReadOnlyDictionary<string, string>? orchestratorEnvironment = null)
    {
        var directory = Directory.CreateTempSubdirectory("mf-e2e-").FullName;
        var siteIds = Enumerable.Range(1, sites).Select(i => $"osaka-{i:00}").ToList();
        var credentials = siteIds.ToDictionary(id => id, id => $"{id}-credential-0123456789abcdef");
        var orchestrator = new OrchestratorNode(Path.Combine(directory, "orchestrator"), credentials, orchestratorEnvironment);
        var agents = siteIds.Select((id, i) => new AgentNode(Path.Combine(directory, id), id, orchestrator.AgentLink, cycleTime, seed: i + 1, failInstallFor?.GetValueOrDefault(id))).ToList();
        var network = new Network(output, directory, orchestrator, agents);
        try
        {
            await orchestrator.StartAsync();
            await network.SeedAsync(siteIds);
            agents.ForEach(a => a.Start());
            await network.AllSitesOnlineAsync("every agent to connect");
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    public async Task AllSitesOnlineAsync(string awaited) =>
        await Await.Until(async () =>
        {
            var sites = await GetAsync<List<SiteState>>("/api/sites");
            return sites.Count == Agents.Count && sites.All(s => s.Status == "Online" && s.Connected);
        }, $"{awaited} (all {Agents.Count} sites Online in GET /api/sites)", TimeSpan.FromSeconds(60));

    /// <summary>Submits an order with an Idempotency-Key; on 503 (or a refused connection) it retries the same key, as a client should.</summary>
    public async Task<string> SubmitAsync(string key, int quantity)
    {
        var body = new { product = Product, quantity, dueAt = DateTimeOffset.UtcNow.AddDays(3), deliveryCityId = "osaka" };
        string? id = null;
        await Await.Until(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await Orchestrator.Admin.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                return false;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/orders ({key}) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            id = (await response.Content.ReadFromJsonAsync<OrderState>(Json))!.Id;
            return true;
        }, $"order {key} to be accepted", TimeSpan.FromSeconds(30));
        return id!;
    }

    public Task<OrderState> OrderAsync(string id) => GetAsync<OrderState>($"/api/orders/{id}");

    /// <summary>Waits until every order is Completed (failing at once if one fails), and returns them.</summary>
    public Task<IReadOnlyList<OrderState>> AllCompletedAsync(IReadOnlyCollection<string> ids, TimeSpan within) => AllCompletedAsync(OrderAsync, ids, within);

    /// <summary>Waits until every order, as <paramref name="read"/> finds it, is Completed (failing at once if one fails), and returns them.</summary>
    public static async Task<IReadOnlyList<OrderState>> AllCompletedAsync(Func<string, Task<OrderState>> read, IReadOnlyCollection<string> ids, TimeSpan within)
    {
        var done = new Dictionary<string, OrderState>();
        await Await.Until(async () =>
        {
            foreach (var id in ids.Where(id => !done.ContainsKey(id)))
            {
                var order = await read(id);
                Assert.False(order.Status is "Failed" or "Cancelled" or "Unroutable", $"order {id} ended {order.Status}: {order.Describe()}");
                if (order.Status == "Completed")
                {
                    done[id] = order;
                }
            }

            return done.Count == ids.Count;
        }, $"all {ids.Count} orders to complete ({done.Count} done)", within);
        return ids.Select(id => done[id]).ToList();
    }

    /// <summary>The "ended job" lines for <paramref name="jobId"/> over every run of every agent: one per job that ran to its end.</summary>
    public IReadOnlyList<string> JobEndings(string jobId) => Agents.SelectMany(a => a.LogLines($"ended job {jobId}:")).ToList();

    public async Task<T> GetAsync<T>(string path)
    {
        using var response = await Orchestrator.Admin.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents)
        {
            await agent.DisposeAsync();
        }

        await Orchestrator.DisposeAsync();
        WriteLogsAndRemove(_output, _directory, Orchestrator.LogFiles.Concat(Agents.SelectMany(a => a.LogFiles)));
    }

    /// <summary>Every log into the test's output (printed when it fails), then the run's temp directory away.</summary>
    public static void WriteLogsAndRemove(ITestOutputHelper output, string directory, IEnumerable<string> logs)
    {
        foreach (var log in logs)
        {
            output.WriteLine($"===== {Path.GetRelativePath(directory, log)}");
            output.WriteLine(string.Join(Environment.NewLine, AgentNode.ReadShared(log)));
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }

    private async Task SeedAsync(IReadOnlyList<string> siteIds)
    {
        await PutAsync("/api/cities/osaka", new { name = "Osaka", latitude = 34.6937, longitude = 135.5023 });
        await PutAsync($"/api/designs/{Product}/versions/{Version}", new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:06:00" });
        for (var i = 0; i < siteIds.Count; i++)
        {
            await PutAsync($"/api/sites/{siteIds[i]}", new
            {
                name = siteIds[i],
                cityId = "osaka",
                latitude = 34.70 + i * 0.01,
                longitude = 135.50,
                cells = new[] { new { id = AgentNode.CellId, capabilities = new[] { "cnc" } } },
            });
        }
    }

    public async Task PutAsync(string path, object body)
    {
        using var response = await Orchestrator.Admin.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

public sealed record SiteState(string Id, string Status, bool Connected);

public sealed record OrderAssignmentState(string SiteId, string CellId, string JobId);

public sealed record OrderTransitionState(string Status, DateTimeOffset At, string Reason);

public sealed record OrderSpecState(int Quantity);

/// <summary>GET /api/orders/{id}, the parts these tests check.</summary>
public sealed record OrderState(string Id, OrderSpecState Spec, string Status, OrderAssignmentState? Assignment, int Good, int Scrap, int Attempts, IReadOnlyList<OrderTransitionState> History)
{
    public int Count(string status) => History.Count(t => t.Status == status);

    public string Describe()
    {
        var text = new StringBuilder($"{Id} {Status} {Good} good {Scrap} scrap, attempt {Attempts}, job {Assignment?.JobId} at {Assignment?.SiteId};");
        foreach (var t in History)
        {
            text.Append($" [{t.Status}: {t.Reason}]");
        }

        return text.ToString();
    }
}
