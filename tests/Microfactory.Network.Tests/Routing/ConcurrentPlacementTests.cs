using System.Collections.Concurrent;
using Microfactory.Network.Routing;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Routing;

public sealed class ConcurrentPlacementTests
{
    private const double LimitHours = 30;

    [Fact]
    public async Task Concurrent_placements_and_reservations_keep_every_backlog_exact_and_within_its_limit()
    {
        using var network = new TestNetwork();
        string[] cities = ["osaka", "kyoto", "nagoya", "tokyo", "fukuoka"];
        var cellIds = new List<string>();
        for (var s = 0; s < 10; s++)
        {
            var site = $"site-{s}";
            network.Site(site, cities[s % cities.Length]);
            for (var c = 0; c < 4; c++)
            {
                cellIds.Add($"{site}/c{c}");
                network.Cell($"{site}/c{c}", site, limitHours: LimitHours);
            }
        }

        // Demand (4 x 300 orders, 1,350 h) exceeds capacity (40 cells x 30 h), so placements fight for the last hours.
        var placed = new ConcurrentBag<RoutingCandidate>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var placers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < 300; i++)
            {
                var order = TestNetwork.Order(
                    orderId: $"w{worker}-{i}",
                    deliverTo: cities[(worker + i) % cities.Length],
                    workHours: 0.25 * (1 + (i % 8)));
                if (network.Index.Place(order).Chosen is { } chosen)
                {
                    placed.Add(chosen);
                }
            }
        }));

        // Meanwhile the Site grain's own reservations come and go; they net to zero.
        var siteGrains = Enumerable.Range(0, 2).Select(worker => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < 2_000; i++)
            {
                var cell = cellIds[(worker * 7 + i) % cellIds.Count];
                network.Index.Reserve(cell, 0.5);
                network.Index.Release(cell, 0.5);
            }
        }));

        var all = Task.WhenAll(placers.Concat(siteGrains));
        start.SetResult();
        await all.Within("4 placers and 2 reserve/release loops to finish");

        var expected = placed.GroupBy(c => c.CellId).ToDictionary(g => g.Key, g => g.Sum(c => c.Components.LoadHours));
        Assert.InRange(placed.Count, 1, 1_199);
        foreach (var cell in cellIds)
        {
            var backlog = network.Index.GetBacklogHours(cell);
            Assert.Equal(expected.GetValueOrDefault(cell), backlog);
            Assert.True(backlog <= LimitHours, $"{cell} holds {backlog} h, over its {LimitHours} h limit.");
        }

    }

    [Fact]
    public void Release_never_takes_a_backlog_below_zero_and_unknown_cells_are_named()
    {
        using var network = new TestNetwork().Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", backlogHours: 2);

        network.Index.Release("osaka-1/c1", 5);
        var error = Assert.Throws<KeyNotFoundException>(() => network.Index.Reserve("osaka-1/c9", 1));

        Assert.Equal(0, network.Index.GetBacklogHours("osaka-1/c1"));
        Assert.Contains("osaka-1/c9", error.Message, StringComparison.Ordinal);
    }
}
