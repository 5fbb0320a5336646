using Microfactory.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Microfactory.EndToEnd.Tests;

/// <summary>The plain path with every part real: API over HTTP, three agent processes on the gRPC agent link.</summary>
public sealed class SubmittedOrdersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Thirty_orders_over_the_api_all_complete_each_made_exactly_once_by_three_agents()
    {
        await using var network = await Network.StartAsync(output, sites: 3, cycleTime: TimeSpan.FromMilliseconds(100));

        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await network.SubmitAsync($"plain-{i:00}", quantity: 3));
        }

        var orders = await network.AllCompletedAsync(ids, TimeSpan.FromSeconds(90));

        foreach (var order in orders)
        {
            Assert.True(order.Good + order.Scrap == 3, $"parts made differ from the quantity: {order.Describe()}");
            Assert.True(order.Count("InProgress") == 1 && order.Count("Completed") == 1 && order.Attempts == 1, $"not one start and one end: {order.Describe()}");
            var ending = Assert.Single(network.JobEndings(order.Assignment!.JobId));
            Assert.Contains($"Completed, {order.Good} good, {order.Scrap} scrap", ending, StringComparison.Ordinal);
        }

        // Every job any agent ran belongs to one of these orders: no job ran that the orchestrator does not know of.
        Assert.Equal(30, network.Agents.Sum(a => a.LogLines("ended job ").Count));
        Assert.True(orders.Select(o => o.Assignment!.SiteId).Distinct().Count() > 1, "all work went to one site, so this did not exercise several agents");
    }
}
