using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

/// <summary>
/// Changeover-aware routing: among cells that have the design, one already set up for the order's setup (design and
/// changeover parameter values) is preferred, but never at the price of the due date.
/// </summary>
public sealed class SetupPreferenceTests
{
    private const string Red = TestNetwork.Bracket + ";colour=red";
    private const string Blue = TestNetwork.Bracket + ";colour=blue";

    private static void SetUp(TestNetwork network, string cellId, string siteId, string setup, double backlogHours = 0) =>
        network.Index.UpsertCell(new CellSnapshot(cellId, siteId, ["cnc"], [TestNetwork.Bracket], 1, 24, backlogHours, 100, CellState.Idle) { SetupKey = setup });

    [Fact]
    public void A_cell_set_up_for_the_orders_values_wins_over_an_equal_one_set_up_for_others()
    {
        using var network = new TestNetwork().Site("a-site", "osaka").Site("b-site", "osaka");
        SetUp(network, "a-site/c1", "a-site", Blue);
        SetUp(network, "b-site/c1", "b-site", Red);

        var decision = network.Index.Route(TestNetwork.Order(changeoverHours: 2) with { SetupKey = Red });

        Assert.Equal("b-site", decision.Chosen?.SiteId); // the id tie-break alone would pick a-site
        var other = decision.TopCandidates[1];
        Assert.True(other.Components.SetupChange);
        Assert.Equal(2.0, other.Components.SetupChangeCost, 9); // 2 changeover hours x 1 per hour
        Assert.Equal(other.Score, CandidateScorer.Total(other.Components), 9);
        Assert.False(decision.Chosen!.Components.SetupChange);
    }

    [Fact]
    public void The_preference_yields_when_the_set_up_cell_would_make_the_order_late()
    {
        using var network = new TestNetwork().Site("a-site", "osaka").Site("b-site", "osaka");
        SetUp(network, "a-site/c1", "a-site", Blue);
        SetUp(network, "b-site/c1", "b-site", Red, backlogHours: 20); // set up, but 20 h of work ahead

        var decision = network.Index.Route(TestNetwork.Order(changeoverHours: 2, workHours: 4, dueIn: TimeSpan.FromHours(10)) with { SetupKey = Red });

        Assert.Equal("a-site", decision.Chosen?.SiteId);
        Assert.Equal(0, decision.Chosen!.Components.LateHours);
    }

    [Fact]
    public void A_placement_leaves_its_cell_set_up_for_the_order_so_the_next_alike_order_follows_it()
    {
        using var network = new TestNetwork().Site("a-site", "osaka").Site("b-site", "osaka");
        SetUp(network, "a-site/c1", "a-site", Blue);
        SetUp(network, "b-site/c1", "b-site", Blue);

        var first = network.Index.Place(TestNetwork.Order("order-1", changeoverHours: 2, workHours: 1) with { SetupKey = Red });
        var second = network.Index.Route(TestNetwork.Order("order-2", changeoverHours: 2, workHours: 1) with { SetupKey = Red });

        Assert.Equal("a-site", first.Chosen?.SiteId);
        Assert.True(first.Chosen!.Components.SetupChange);
        Assert.Equal("a-site", second.Chosen?.SiteId); // now set up for red, despite its extra hour of backlog
        Assert.False(second.Chosen!.Components.SetupChange);
    }

    [Fact]
    public void Unknown_setups_and_orders_without_one_are_never_charged()
    {
        using var network = new TestNetwork().Site("a-site", "osaka").Cell("a-site/c1", "a-site");

        var withSetup = network.Index.Route(TestNetwork.Order(changeoverHours: 2) with { SetupKey = Red });
        SetUp(network, "a-site/c1", "a-site", Blue);
        var withoutSetup = network.Index.Route(TestNetwork.Order(changeoverHours: 2));

        Assert.False(withSetup.Chosen!.Components.SetupChange);
        Assert.False(withoutSetup.Chosen!.Components.SetupChange);
    }
}
