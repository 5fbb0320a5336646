using System.Text.Json;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

/// <summary>The nearest-first walk stops only where no farther cell could beat the kept candidates, and says so.</summary>
public sealed class BoundedScanTests
{
    // Osaka to Fukuoka is about 480 km: a distance cost of 9.6 at the default 0.02 per km.
    private static readonly RoutingOptions KeepOne = new() { CandidatesKept = 1 };

    [Fact]
    public void Cells_farther_than_the_best_score_can_reach_are_reported_as_not_examined_and_survive_json()
    {
        using var network = new TestNetwork(KeepOne)
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1")
            .Site("fukuoka-1", "fukuoka").Cell("fukuoka-1/c1", "fukuoka-1").Cell("fukuoka-1/c2", "fukuoka-1");

        var decision = network.Index.Route(TestNetwork.Order(deliverTo: "osaka", workHours: 8));
        var restored = JsonSerializer.Deserialize<RoutingDecision>(JsonSerializer.Serialize(decision))!;

        Assert.Equal("osaka-1/c1", decision.Chosen?.CellId);
        Assert.Equal(3, decision.CellsEvaluated);
        Assert.Equal(2, decision.CellsNotExamined);
        Assert.Equal(1, decision.CandidateCount);
        Assert.Equal(2, restored.CellsNotExamined);
        Assert.EndsWith(
            "best of 1 candidates among 3 cells, 0 rejected, 2 farther cells not examined (none could score better).",
            restored.Explain(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_near_cell_with_a_long_backlog_does_not_stop_the_walk_before_a_far_cell_that_scores_better()
    {
        using var network = new TestNetwork(KeepOne)
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", backlogHours: 40)
            .Site("fukuoka-1", "fukuoka").Cell("fukuoka-1/c1", "fukuoka-1");

        var decision = network.Index.Route(TestNetwork.Order(deliverTo: "osaka", workHours: 8));

        Assert.Equal("fukuoka-1/c1", decision.Chosen?.CellId);
        Assert.Equal(0, decision.CellsNotExamined);
        Assert.Equal(2, decision.CandidateCount);
    }

    [Fact]
    public void An_unroutable_order_examines_and_counts_every_cell()
    {
        using var network = new TestNetwork(KeepOne)
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", backlogHours: 99)
            .Site("fukuoka-1", "fukuoka", SiteStatus.Offline).Cell("fukuoka-1/c1", "fukuoka-1");

        var decision = network.Index.Route(TestNetwork.Order(deliverTo: "osaka", workHours: 8));

        Assert.False(decision.IsRouted);
        Assert.Equal(0, decision.CellsNotExamined);
        Assert.Equal(1, decision.Rejections.OverBacklogLimit);
        Assert.Equal(1, decision.Rejections.SiteOffline);
    }
}
