using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

public sealed class RejectionTests
{
    [Fact]
    public void Every_unusable_cell_is_excluded_and_counted_under_its_reason()
    {
        using var network = new TestNetwork()
            .Site("good", "tokyo").Cell("good/c1", "good")
            .Site("offline", "osaka", SiteStatus.Offline).Cell("offline/c1", "offline").Cell("offline/c2", "offline")
            .Site("draining", "osaka", SiteStatus.Draining).Cell("draining/c1", "draining")
            .Site("disconnected", "osaka", connected: false).Cell("disconnected/c1", "disconnected").Cell("disconnected/c2", "disconnected")
            .Site("excluded", "osaka").Cell("excluded/c1", "excluded")
            .Site("osaka-1", "osaka")
            .Cell("osaka-1/down", "osaka-1", state: CellState.Down)
            .Cell("osaka-1/maintenance", "osaka-1", state: CellState.Maintenance)
            .Cell("osaka-1/additive", "osaka-1", capabilities: ["additive"])
            .Cell("osaka-1/assembly", "osaka-1", capabilities: ["assembly"])
            .Cell("osaka-1/finishing", "osaka-1", capabilities: ["finishing", "inspection"])
            .Cell("osaka-1/old-design", "osaka-1", designs: ["bracket@1.0.0"])
            .Cell("osaka-1/full", "osaka-1", backlogHours: 95, limitHours: 100);

        var decision = network.Index.Route(TestNetwork.Order(workHours: 8, excludedSites: ["excluded", "no-such-site"]));

        Assert.Equal("good/c1", decision.Chosen?.CellId);
        Assert.Equal(1, decision.CandidateCount);
        Assert.Equal(14, decision.CellsEvaluated);
        Assert.Equal(new CellRejections(
            MissingCapability: 3,
            SiteOffline: 2,
            SiteDraining: 1,
            SiteDisconnected: 2,
            SiteExcluded: 1,
            CellUnavailable: 2,
            DesignUnavailable: 1,
            OverBacklogLimit: 1), decision.Rejections);
        Assert.Equal(13, decision.Rejections.Total);
    }

    [Fact]
    public void An_order_needing_a_capability_no_cell_has_says_so()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1", capabilities: ["additive"]);

        var unknown = network.Index.Route(TestNetwork.Order(capabilities: ["cnc"]));
        var combination = network.Index.Route(TestNetwork.Order(capabilities: ["additive", "cnc"]));

        Assert.Null(unknown.Chosen);
        Assert.Equal("no cell has capabilities [cnc]", unknown.UnroutableReason);
        Assert.Equal(1, unknown.Rejections.MissingCapability);
        Assert.Equal("no cell has capabilities [additive, cnc]", combination.UnroutableReason);
    }

    [Fact]
    public void Capable_cells_all_over_their_limit_are_named_as_such()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka")
            .Cell("osaka-1/c1", "osaka-1", backlogHours: 95)
            .Cell("osaka-1/c2", "osaka-1", backlogHours: 99)
            .Site("kyoto-1", "kyoto").Cell("kyoto-1/c1", "kyoto-1", backlogHours: 93);

        var decision = network.Index.Route(TestNetwork.Order(workHours: 8));

        Assert.Equal("3 capable cells, all over their backlog limit", decision.UnroutableReason);
        Assert.Empty(decision.TopCandidates);
        Assert.Contains("unroutable: 3 capable cells, all over their backlog limit", decision.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Mixed_reasons_are_listed_with_their_counts()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka", SiteStatus.Offline).Cell("osaka-1/c1", "osaka-1")
            .Site("kyoto-1", "kyoto")
            .Cell("kyoto-1/c1", "kyoto-1", backlogHours: 95)
            .Cell("kyoto-1/c2", "kyoto-1", backlogHours: 95)
            .Cell("kyoto-1/c3", "kyoto-1", designs: []);

        var decision = network.Index.Route(TestNetwork.Order(workHours: 8));

        Assert.Equal(
            "4 capable cells, none routable: 1 at an offline site, 1 without design bracket@2.1.0, which this order may not install, 2 over their backlog limit",
            decision.UnroutableReason);
    }

    [Fact]
    public void A_single_capable_cell_is_described_in_the_singular()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka", SiteStatus.Draining).Cell("osaka-1/c1", "osaka-1");

        var decision = network.Index.Route(TestNetwork.Order());

        Assert.Equal("1 capable cell, at a draining site", decision.UnroutableReason);
    }

    [Fact]
    public void Cells_at_sites_whose_agents_are_disconnected_are_named_as_such()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka", connected: false).Cell("osaka-1/c1", "osaka-1").Cell("osaka-1/c2", "osaka-1")
            .Site("kyoto-1", "kyoto", connected: false).Cell("kyoto-1/c1", "kyoto-1");
        using var single = new TestNetwork().Site("osaka-1", "osaka", connected: false).Cell("osaka-1/c1", "osaka-1");

        var decision = network.Index.Route(TestNetwork.Order());

        Assert.Null(decision.Chosen);
        Assert.Equal(3, decision.Rejections.SiteDisconnected);
        Assert.Equal("3 capable cells, all at sites whose agents are disconnected", decision.UnroutableReason);
        Assert.Equal("1 capable cell, at a site whose agent is disconnected", single.Index.Route(TestNetwork.Order()).UnroutableReason);

        // The agent is back: the same cells take work again.
        network.Site("kyoto-1", "kyoto");
        Assert.Equal("kyoto-1/c1", network.Index.Route(TestNetwork.Order()).Chosen?.CellId);
    }

    [Fact]
    public void An_empty_network_is_unroutable_with_its_own_reason()
    {
        using var network = new TestNetwork();

        var decision = network.Index.Route(TestNetwork.Order());

        Assert.Null(decision.Chosen);
        Assert.Equal("no cells are registered for routing", decision.UnroutableReason);
    }
}
