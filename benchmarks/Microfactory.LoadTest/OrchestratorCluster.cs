using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Microfactory.LoadTest;

/// <summary>
/// The orchestrator nodes of one scenario: one process, or several silos of one Orleans cluster (development
/// clustering on loopback, grain state in Orleans' memory storage, which is cluster-wide), each with its own API and
/// agent link. Agents and orders are spread over the nodes in turn, as a load balancer in front of them would.
/// </summary>
public sealed class OrchestratorCluster : IAsyncDisposable
{
    private readonly List<OrchestratorProcess> _nodes;

    private OrchestratorCluster(List<OrchestratorProcess> nodes) => _nodes = nodes;

    public IReadOnlyList<OrchestratorProcess> Nodes => _nodes;

    public OrchestratorProcess First => _nodes[0];

    public static async Task<OrchestratorCluster> StartAsync(string dll, IReadOnlyDictionary<string, string> siteCredentials, int silos, CancellationToken cancellationToken)
    {
        var adminKey = OrchestratorProcess.RandomSecret();
        var nodes = new List<OrchestratorProcess>();
        var cluster = new OrchestratorCluster(nodes);
        try
        {
            var primary = OrchestratorProcess.FreePort();
            for (var i = 0; i < silos; i++)
            {
                // The primary first: the others join through it.
                var siloPort = i == 0 ? primary : OrchestratorProcess.FreePort();
                nodes.Add(await OrchestratorProcess.StartAsync(dll, siteCredentials, adminKey, siloPort, silos == 1 ? null : primary, cancellationToken));
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The sum of every node's resident memory.</summary>
    public long ResidentBytes() => _nodes.Sum(n => ProcessStats.ResidentBytes(n.Pid));

    /// <summary>The sum of every node's CPU time.</summary>
    public TimeSpan CpuTime() => TimeSpan.FromTicks(_nodes.Sum(n => ProcessStats.CpuTime(n.Pid).Ticks));

    /// <summary>
    /// Until every node's own read model lists <paramref name="sites"/> sites (GET /api/cities), so no node routes before
    /// it has heard of the sites another node registered.
    /// </summary>
    public async Task<TimeSpan> AwaitSitesEverywhereAsync(int sites, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var node in _nodes)
        {
            using var http = new HttpClient { BaseAddress = node.Api, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", node.AdminKey);
            while (true)
            {
                var cities = await http.GetFromJsonAsync<List<CityCount>>("/api/cities", cancellationToken) ?? [];
                if (cities.Sum(c => c.Sites) >= sites)
                {
                    break;
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"The node at {node.Api} listed {cities.Sum(c => c.Sites)} of {sites} sites after 60 s; see {node.LogPath}.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken); // polls another process's read model up to a deadline
            }
        }

        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private sealed record CityCount(int Sites);
}
