using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

public sealed class TieBreakTests
{
    [Fact]
    public void Equal_scores_and_distances_go_to_the_lowest_site_id_then_cell_id_whatever_the_insertion_order()
    {
        string[] sites = ["site-b", "site-a", "site-c"];
        string[] cells = ["c2", "c1", "c3"];
        var forward = RankedCells(sites, cells);
        var backward = RankedCells([.. sites.Reverse()], [.. cells.Reverse()]);

        Assert.Equal(["site-a/c1", "site-a/c2", "site-a/c3", "site-b/c1", "site-b/c2"], forward);
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Equal_scores_go_to_the_nearer_site_before_comparing_ids()
    {
        // With distance weighted at zero, Osaka and Kyoto score the same; the nearer one still wins.
        var noDistanceCost = new RoutingOptions { Weights = new RoutingWeights { PerKm = 0 } };
        using var network = new TestNetwork(noDistanceCost)
            .Site("a-kyoto", "kyoto").Cell("a-kyoto/c1", "a-kyoto")
            .Site("z-osaka", "osaka").Cell("z-osaka/c1", "z-osaka");

        var decision = network.Index.Route(TestNetwork.Order(deliverTo: "osaka"));

        Assert.Equal(decision.TopCandidates[0].Score, decision.TopCandidates[1].Score);
        Assert.Equal("z-osaka", decision.Chosen?.SiteId);
    }

    [Fact]
    public void Top_candidates_are_kept_best_first_and_capped()
    {
        using var network = new TestNetwork(new RoutingOptions { CandidatesKept = 3 });
        for (var i = 0; i < 10; i++)
        {
            network.Site($"site-{i}", "osaka").Cell($"site-{i}/c1", $"site-{i}", backlogHours: 10 - i);
        }

        var decision = network.Index.Route(TestNetwork.Order());

        Assert.Equal(10, decision.CandidateCount);
        Assert.Equal(["site-9", "site-8", "site-7"], decision.TopCandidates.Select(c => c.SiteId));
        Assert.Same(decision.TopCandidates[0], decision.Chosen);
    }

    private static List<string> RankedCells(string[] siteIds, string[] cellIds)
    {
        using var network = new TestNetwork();
        foreach (var site in siteIds)
        {
            network.Site(site, "osaka");
            foreach (var cell in cellIds)
            {
                network.Cell($"{site}/{cell}", site);
            }
        }

        var decision = network.Index.Route(TestNetwork.Order());
        return [.. decision.TopCandidates.Select(c => c.CellId)];
    }
}
