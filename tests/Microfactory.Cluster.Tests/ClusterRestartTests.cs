using Microfactory.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Microfactory.Cluster.Tests;

/// <summary>Every silo of the cluster killed at once and started again on the same store and ports, as after a power cut.</summary>
public sealed class ClusterRestartTests(ITestOutputHelper output)
{
    private const int Quantity = 3;

    [Fact]
    public async Task A_whole_cluster_killed_mid_flow_and_restarted_resumes_every_order_from_storage()
    {
        // Slow cells, so jobs are still queued at the sites when the cluster goes down.
        await using var cluster = await ClusterNetwork.StartAsync(output, silos: 3, sites: 3, cycleTime: TimeSpan.FromMilliseconds(150));
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await cluster.SubmitAsync(i % 3, $"restart-{i:00}", Quantity)).Id);
        }

        await Await.Until(async () =>
        {
            var orders = await Task.WhenAll(ids.Select(id => cluster.OrderAsync(0, id)));
            return orders.Any(o => o.Status == "InProgress") && orders.Any(o => o.Status is "Dispatched" or "Accepted");
        }, "one order to be running and another queued at a site", TimeSpan.FromSeconds(30));

        foreach (var silo in cluster.Silos)
        {
            await silo.CrashAsync();
        }

        // Membership still lists the dead silos as active: the new ones vote them out before they join.
        foreach (var silo in cluster.Silos)
        {
            await silo.StartAsync();
        }

        // A restarted node counts no site connected until its agent's stream shows life (the store's "connected" from
        // before the crash is not trusted); each agent's own log shows it reconnected by itself.
        await Await.Until(
            () => Task.FromResult(cluster.Agents.All(a => a.LogLines(" connected to ").Count >= 2)),
            "every agent to connect again by itself after the restart", TimeSpan.FromSeconds(90));
        await cluster.AllSitesOnlineAsync("the agents to reconnect by themselves after the restart", [0, 1, 2]);
        ids.Add((await cluster.SubmitAsync(1, "after-restart", Quantity)).Id);

        var completed = await cluster.AllCompletedAsync(2, ids, TimeSpan.FromSeconds(120));
        cluster.AssertEachMadeOnce(completed, Quantity);

        Assert.True(cluster.Agents.All(a => a.LogLines(" connected to ").Count >= 2), "an agent did not connect again after the restart");
    }
}
