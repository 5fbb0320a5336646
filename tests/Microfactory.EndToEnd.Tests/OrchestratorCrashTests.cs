using Microfactory.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Microfactory.EndToEnd.Tests;

/// <summary>The orchestrator killed -9 while orders are queued at sites and running, restarted on the same store and ports.</summary>
public sealed class OrchestratorCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_orchestrator_killed_mid_flow_and_restarted_loses_no_order_and_runs_none_twice()
    {
        await using var network = await Network.StartAsync(output, sites: 3, cycleTime: TimeSpan.FromMilliseconds(200));
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await network.SubmitAsync($"crash-orchestrator-{i:00}", quantity: 5));
        }

        // Mid-flow: some order running at a site and some still waiting in a site's queue.
        await Await.Until(async () =>
        {
            var statuses = await Task.WhenAll(ids.Select(network.OrderAsync));
            return statuses.Any(o => o.Status == "InProgress") && statuses.Any(o => o.Status is "Dispatched" or "Accepted");
        }, "one order to be running and another queued at a site", TimeSpan.FromSeconds(30));

        await network.Orchestrator.CrashAsync();
        await network.Orchestrator.StartAsync();
        // A restarted node counts no site connected until its agent's stream shows life (the store's "connected" from
        // before the crash is not trusted); each agent's own log shows it reconnected by itself.
        await Await.Until(
            () => Task.FromResult(network.Agents.All(a => a.LogLines(" connected to ").Count >= 2)),
            "every agent to connect again by itself after the restart", TimeSpan.FromSeconds(90));
        await network.AllSitesOnlineAsync("the agents to reconnect by themselves after the restart");
        ids.Add(await network.SubmitAsync("after-restart", quantity: 5));

        var orders = await network.AllCompletedAsync(ids, TimeSpan.FromSeconds(120));

        foreach (var order in orders)
        {
            Assert.True(order.Good + order.Scrap == 5, $"parts made differ from the quantity: {order.Describe()}");
            Assert.True(order.Count("Completed") == 1, $"completed more than once: {order.Describe()}");
            var ending = Assert.Single(network.JobEndings(order.Assignment!.JobId));
            Assert.Contains($"Completed, {order.Good} good, {order.Scrap} scrap", ending, StringComparison.Ordinal);
        }

        Assert.Equal(ids.Count, network.Agents.Sum(a => a.LogLines("ended job ").Count));
        Assert.True(network.Agents.All(a => a.LogLines(" connected to ").Count >= 2), "an agent did not connect again after the restart");
    }
}
