using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

public sealed class CandidateSelectionTests
{
    [Theory]
    [InlineData("osaka", "osaka-1")]
    [InlineData("kyoto", "kyoto-1")]
    [InlineData("tokyo", "tokyo-1")]
    [InlineData("fukuoka", "osaka-1")]
    public void Nearest_capable_site_wins_when_all_else_is_equal(string deliverTo, string expectedSite)
    {
        using var network = new TestNetwork()
            .Site("tokyo-1", "tokyo").Cell("tokyo-1/c1", "tokyo-1")
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1")
            .Site("kyoto-1", "kyoto").Cell("kyoto-1/c1", "kyoto-1");

        var decision = network.Index.Route(TestNetwork.Order(deliverTo: deliverTo));

        Assert.Equal(expectedSite, decision.Chosen?.SiteId);
        Assert.Equal(3, decision.CandidateCount);
        Assert.Equal(
            decision.TopCandidates.Select(c => c.Components.DistanceKm).Order(),
            decision.TopCandidates.Select(c => c.Components.DistanceKm));
    }

    [Fact]
    public void Due_date_beats_distance_when_lateness_is_weighted()
    {
        // The Osaka cell is next door but 40 h behind; an 8 h order due in 24 h would be 24 h late there.
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", backlogHours: 40)
            .Site("tokyo-1", "tokyo").Cell("tokyo-1/c1", "tokyo-1");
        var order = TestNetwork.Order(deliverTo: "osaka", workHours: 8, dueIn: TimeSpan.FromHours(24));

        var decision = network.Index.Route(order);

        Assert.Equal("tokyo-1", decision.Chosen?.SiteId);
        Assert.Equal(0, decision.Chosen!.Components.LateHours);
        var near = decision.TopCandidates.Single(c => c.SiteId == "osaka-1");
        Assert.Equal(24, near.Components.LateHours, 9);
        Assert.Equal(240, near.Components.LatenessCost, 9);
    }

    [Fact]
    public void Distance_beats_due_date_when_only_distance_is_weighted()
    {
        var distanceOnly = new RoutingOptions { Weights = new RoutingWeights { PerFinishHour = 0, PerLateHour = 0, PerKm = 1 } };
        using var network = new TestNetwork(distanceOnly)
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", backlogHours: 40)
            .Site("tokyo-1", "tokyo").Cell("tokyo-1/c1", "tokyo-1");

        var decision = network.Index.Route(TestNetwork.Order(deliverTo: "osaka", dueIn: TimeSpan.FromHours(24)));

        Assert.Equal("osaka-1", decision.Chosen?.SiteId);
        Assert.Equal(24, decision.Chosen!.Components.LateHours, 9);
    }

    [Fact]
    public void Expected_finish_counts_backlog_work_and_the_cells_speed_and_hours()
    {
        // Twice nominal speed for 12 h a day clears 24 work hours per calendar day: 10 + 2 hours take 12 h.
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", backlogHours: 10, throughputFactor: 2, hoursPerDay: 12);

        var chosen = network.Index.Route(TestNetwork.Order(workHours: 2)).Chosen!;

        Assert.Equal(12, chosen.Components.FinishHours, 9);
        Assert.Equal(TestNetwork.Now.AddHours(12), chosen.Components.ExpectedFinish);
        Assert.Equal(10, chosen.Components.BacklogHours, 9);
    }

    [Fact]
    public void Higher_priority_makes_lateness_cost_more()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", backlogHours: 20);
        RoutingRequest Late(OrderPriority priority) => TestNetwork.Order(workHours: 4, dueIn: TimeSpan.FromHours(14), priority: priority);

        var normal = network.Index.Route(Late(OrderPriority.Normal)).Chosen!.Components;
        var urgent = network.Index.Route(Late(OrderPriority.Urgent)).Chosen!.Components;
        var low = network.Index.Route(Late(OrderPriority.Low)).Chosen!.Components;

        Assert.Equal(10, normal.LateHours, 9);
        Assert.Equal(100, normal.LatenessCost, 9);
        Assert.Equal(400, urgent.LatenessCost, 9);
        Assert.Equal(50, low.LatenessCost, 9);
    }

    [Fact]
    public void Installed_design_beats_a_nearer_cell_that_needs_a_changeover()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", designs: ["bracket@2.0.0"])
            .Site("kyoto-1", "kyoto").Cell("kyoto-1/c1", "kyoto-1");

        var decision = network.Index.Route(TestNetwork.Order(installable: true, changeoverHours: 4));

        Assert.Equal("kyoto-1/c1", decision.Chosen?.CellId);
        Assert.False(decision.Chosen!.Components.ChangeoverRequired);
        var changeover = decision.TopCandidates.Single(c => c.CellId == "osaka-1/c1").Components;
        Assert.True(changeover.ChangeoverRequired);
        Assert.Equal(12, changeover.LoadHours, 9);
        Assert.Equal(RoutingWeights.Default.ChangeoverPenalty, changeover.ChangeoverCost);
    }

    [Fact]
    public void A_cell_without_the_design_is_chosen_only_when_the_order_allows_an_install()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", designs: [])
            .Site("kyoto-1", "kyoto").Cell("kyoto-1/c1", "kyoto-1", state: CellState.Down);

        var strict = network.Index.Route(TestNetwork.Order(installable: false));
        var placed = network.Index.Place(TestNetwork.Order(installable: true, changeoverHours: 3, workHours: 5));

        Assert.Null(strict.Chosen);
        Assert.Equal(1, strict.Rejections.DesignUnavailable);
        Assert.Equal("osaka-1/c1", placed.Chosen?.CellId);
        Assert.True(placed.Chosen!.Components.ChangeoverRequired);
        Assert.Equal(8, network.Index.GetBacklogHours("osaka-1/c1"), 9);
    }

    [Fact]
    public void Placement_reserves_so_the_next_order_goes_elsewhere_once_a_cell_is_full()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", limitHours: 10)
            .Site("tokyo-1", "tokyo").Cell("tokyo-1/c1", "tokyo-1", limitHours: 10);

        var first = network.Index.Place(TestNetwork.Order("order-1", workHours: 6));
        var second = network.Index.Place(TestNetwork.Order("order-2", workHours: 6));
        var third = network.Index.Place(TestNetwork.Order("order-3", workHours: 6));

        Assert.Equal("osaka-1", first.Chosen?.SiteId);
        Assert.Equal("tokyo-1", second.Chosen?.SiteId);
        Assert.Equal(1, second.Rejections.OverBacklogLimit);
        Assert.Null(third.Chosen);
        Assert.Equal("2 capable cells, all over their backlog limit", third.UnroutableReason);
        Assert.Equal(6, network.Index.GetBacklogHours("osaka-1/c1"), 9);
        Assert.Equal(6, network.Index.GetBacklogHours("tokyo-1/c1"), 9);
    }

    [Fact]
    public void Scorer_used_outside_routing_gives_the_same_score_and_components()
    {
        using var network = new TestNetwork()
            .Site("tokyo-1", "tokyo").Cell("tokyo-1/c1", "tokyo-1", backlogHours: 7.5, throughputFactor: 1.5, hoursPerDay: 16);
        var order = TestNetwork.Order(deliverTo: "osaka", workHours: 3, dueIn: TimeSpan.FromHours(5), priority: OrderPriority.High);

        var chosen = network.Index.Route(order).Chosen!;
        var evaluated = CandidateScorer.Evaluate(
            RoutingWeights.Default, order, chosen.Components.DistanceKm, 7.5, 1.5, 16, designInstalled: true);

        Assert.Equal(chosen.Components, evaluated);
        Assert.Equal(chosen.Score, CandidateScorer.Total(evaluated));
    }
}
