using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microfactory.EndToEnd.Tests.Support;
using Microfactory.Storage.AzureBlob.Tests;
using Xunit.Abstractions;

namespace Microfactory.Cluster.Tests.Support;

/// <summary>
/// One Orleans cluster on one machine: Azurite (blob for grain state and artifacts, table for membership and
/// reminders), several orchestrator processes (silos), and one site-agent process per site, each dialling its own
/// <see cref="AgentBalancer"/> that prefers one silo: site i's stream lands on silo i mod N. Membership runs with the
/// tuned test timings (docs/architecture.md, "Cluster"). On dispose every process is killed and every log written to
/// the test's output.
/// </summary>
public sealed class ClusterNetwork : IAsyncDisposable
{
    /// <summary>The membership timings these tests run with: a dead silo is declared in about a second.</summary>
    public static readonly IReadOnlyDictionary<string, string> TestMembership = new Dictionary<string, string>
    {
        ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly ITestOutputHelper _output;
    private readonly string _directory;
    private readonly AzuriteProcess _azurite;
    private readonly List<AgentBalancer> _balancers = [];

    // One request body per Idempotency-Key, however often and wherever it is sent again.
    private readonly DateTimeOffset _due = DateTimeOffset.UtcNow.AddDays(3);

    private ClusterNetwork(ITestOutputHelper output, string directory, AzuriteProcess azurite, List<OrchestratorNode> silos, List<AgentNode> agents)
    {
        _output = output;
        _directory = directory;
        _azurite = azurite;
        _silos = silos;
        Agents = agents;
    }

    private readonly List<OrchestratorNode> _silos;

    public IReadOnlyList<OrchestratorNode> Silos => _silos;

    public IReadOnlyList<AgentNode> Agents { get; }

    /// <summary>The silo site <paramref name="siteIndex"/>'s agent prefers (and holds its stream on while that silo lives).</summary>
    public int HomeSilo(int siteIndex) => siteIndex % Silos.Count;

    /// <summary>Order recovery on a test's time scale: an order left mid-step by a dead silo is taken up again within seconds.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastRecovery = new Dictionary<string, string>
    {
        ["Network__RecoveryInterval"] = "00:00:02",
        ["Network__StuckAfter"] = "00:00:03",
    };

    public static async Task<ClusterNetwork> StartAsync(ITestOutputHelper output, int silos, int sites, TimeSpan cycleTime)
    {
        var directory = Directory.CreateTempSubdirectory("mf-cluster-").FullName;
        var azurite = await AzuriteProcess.StartAsync(tables: true);
        var siteIds = Enumerable.Range(1, sites).Select(i => $"osaka-{i:00}").ToList();
        var credentials = siteIds.ToDictionary(id => id, id => $"{id}-credential-0123456789abcdef");
        var environment = new Dictionary<string, string>(TestMembership.Concat(FastRecovery))
        {
            ["Store__Kind"] = "AzureBlob",
            ["Store__ConnectionString"] = azurite.ConnectionString,
            ["Store__NetworkTimeout"] = AzuriteProcess.TestNetworkTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Store__MaxRetries"] = AzuriteProcess.TestMaxRetries.ToString(CultureInfo.InvariantCulture),
            ["Orleans__ClusterId"] = "cluster-test",
            ["Orleans__ServiceId"] = "cluster-test",
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans__Clustering__ProviderType"] = "AzureTableStorage",
            ["Orleans__Clustering__ServiceKey"] = "store",
            ["Orleans__Reminders__ProviderType"] = "AzureTableStorage",
            ["Orleans__Reminders__ServiceKey"] = "store",
        };
        var nodes = new List<OrchestratorNode>();
        var agents = new List<AgentNode>();
        var cluster = new ClusterNetwork(output, directory, azurite, nodes, agents);
        try
        {
            // One after another, so a silo that fails to start leaves no started one behind unknown to DisposeAsync.
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSiloAsync(Path.Combine(directory, $"silo-{i}"), credentials, environment);
            }

            await cluster.SeedAsync(siteIds);
            for (var i = 0; i < sites; i++)
            {
                var preference = Enumerable.Range(0, silos).Select(k => nodes[(i + k) % silos].AgentLink).ToList();
                var balancer = new AgentBalancer(preference);
                cluster._balancers.Add(balancer);
                agents.Add(new AgentNode(Path.Combine(directory, siteIds[i]), siteIds[i], balancer.Url, cycleTime, seed: i + 1));
            }

            agents.ForEach(a => a.Start());
            await cluster.AllSitesOnlineAsync("every agent to connect", Enumerable.Range(0, silos).ToList());
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a silo on free ports; when another process took one of them between choosing and binding (the machine is
    /// shared, and outgoing connections draw from the same ephemeral range), again on new ones.
    /// </summary>
    private async Task StartSiloAsync(string directory, IReadOnlyDictionary<string, string> credentials, IReadOnlyDictionary<string, string> environment)
    {
        for (var attempt = 1; ; attempt++)
        {
            var node = new OrchestratorNode(attempt == 1 ? directory : $"{directory}-{attempt}", credentials, environment);
            try
            {
                await node.StartAsync();
                _silos.Add(node);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && node.LogFiles.SelectMany(AgentNode.ReadShared).Any(l => l.Contains("address already in use", StringComparison.Ordinal)))
            {
                await node.DisposeAsync();
            }
            catch
            {
                _silos.Add(node); // so its log reaches the test's output
                throw;
            }
        }
    }

    /// <summary>Every site Online and Connected as each of <paramref name="silos"/> lists them (its own read model).</summary>
    public async Task AllSitesOnlineAsync(string awaited, IReadOnlyList<int> silos, TimeSpan? within = null)
    {
        foreach (var silo in silos)
        {
            await Await.Until(async () =>
            {
                var sites = await GetAsync<List<SiteState>>(silo, "/api/sites");
                return sites.Count == Agents.Count && sites.All(s => s.Status == "Online" && s.Connected);
            }, $"{awaited} (all {Agents.Count} sites Online and connected in silo {silo}'s GET /api/sites)", within ?? TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>POST /api/orders on one silo, once: the status, and the order when it was accepted.</summary>
    public async Task<(HttpStatusCode Status, OrderState? Order)> TrySubmitAsync(int silo, string key, int quantity, CancellationToken cancellationToken = default)
    {
        var body = new { product = Network.Product, quantity, dueAt = _due, deliveryCityId = "osaka" };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        try
        {
            using var response = await Silos[silo].Admin.SendAsync(request, cancellationToken);
            return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK
                ? (response.StatusCode, await response.Content.ReadFromJsonAsync<OrderState>(Json, cancellationToken))
                : (response.StatusCode, null);
        }
        catch (HttpRequestException)
        {
            return (0, null); // the silo is gone (connection refused or reset)
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (HttpStatusCode.RequestTimeout, null);
        }
    }

    /// <summary>Submits on <paramref name="silo"/>, retrying the same Idempotency-Key there on 503 as a client should (a repeat answers 200 with the same order).</summary>
    public async Task<OrderState> SubmitAsync(int silo, string key, int quantity)
    {
        OrderState? order = null;
        await Await.Until(async () =>
        {
            var (status, accepted) = await TrySubmitAsync(silo, key, quantity);
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable or 0, $"POST /api/orders ({key}) on silo {silo} answered {(int)status}");
            order = accepted;
            return accepted is not null;
        }, $"order {key} to be accepted by silo {silo}", TimeSpan.FromSeconds(30));
        return order!;
    }

    public Task<OrderState> OrderAsync(int silo, string id) => GetAsync<OrderState>(silo, $"/api/orders/{id}");

    /// <summary>Waits until every order is Completed (failing at once if one fails), reading each through <paramref name="silo"/>.</summary>
    public Task<IReadOnlyList<OrderState>> AllCompletedAsync(int silo, IReadOnlyCollection<string> ids, TimeSpan within) =>
        Network.AllCompletedAsync(id => OrderAsync(silo, id), ids, within);

    /// <summary>Each order made exactly once: parts equal to the quantity, completed once, its job ended once at one agent.</summary>
    public void AssertEachMadeOnce(IEnumerable<OrderState> orders, int quantity)
    {
        foreach (var order in orders)
        {
            Assert.True(order.Good + order.Scrap == quantity, $"parts made differ from the quantity: {order.Describe()}");
            Assert.True(order.Count("Completed") == 1, $"completed more than once: {order.Describe()}");
            var ending = Assert.Single(JobEndings(order.Assignment!.JobId));
            Assert.Contains($"Completed, {order.Good} good, {order.Scrap} scrap", ending, StringComparison.Ordinal);
        }
    }

    /// <summary>The "ended job" lines for <paramref name="jobId"/> over every run of every agent: one per job that ran to its end.</summary>
    public IReadOnlyList<string> JobEndings(string jobId) => Agents.SelectMany(a => a.LogLines($"ended job {jobId}:")).ToList();

    public async Task<T> GetAsync<T>(int silo, string path)
    {
        using var response = await Silos[silo].Admin.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"GET {path} on silo {silo} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async Task PutAsync(int silo, string path, object body)
    {
        using var response = await Silos[silo].Admin.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path} on silo {silo} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents)
        {
            await agent.DisposeAsync();
        }

        foreach (var balancer in _balancers)
        {
            await balancer.DisposeAsync();
        }

        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        await _azurite.DisposeAsync();
        Network.WriteLogsAndRemove(_output, _directory, Silos.SelectMany(s => s.LogFiles).Concat(Agents.SelectMany(a => a.LogFiles)));
    }

    private async Task SeedAsync(IReadOnlyList<string> siteIds)
    {
        await PutAsync(0, "/api/cities/osaka", new { name = "Osaka", latitude = 34.6937, longitude = 135.5023 });
        await PutAsync(0, $"/api/designs/{Network.Product}/versions/{Network.Version}", new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:06:00" });
        for (var i = 0; i < siteIds.Count; i++)
        {
            // Each site registered through a different silo: every silo's read model must hear of every site.
            await PutAsync(i % Silos.Count, $"/api/sites/{siteIds[i]}", new
            {
                name = siteIds[i],
                cityId = "osaka",
                latitude = 34.70 + i * 0.01,
                longitude = 135.50,
                cells = new[] { new { id = AgentNode.CellId, capabilities = new[] { "cnc" } } },
            });
        }
    }
}
