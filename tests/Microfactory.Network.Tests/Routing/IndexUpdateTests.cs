using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

public sealed class IndexUpdateTests
{
    [Fact]
    public void A_site_set_to_draining_gets_no_new_work_until_it_is_online_again()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1")
            .Site("tokyo-1", "tokyo").Cell("tokyo-1/c1", "tokyo-1");

        network.Site("osaka-1", "osaka", SiteStatus.Draining);
        var whileDraining = network.Index.Route(TestNetwork.Order());
        network.Site("osaka-1", "osaka", SiteStatus.Online);
        var afterwards = network.Index.Route(TestNetwork.Order());

        Assert.Equal("tokyo-1", whileDraining.Chosen?.SiteId);
        Assert.Equal(1, whileDraining.Rejections.SiteDraining);
        Assert.Equal("osaka-1", afterwards.Chosen?.SiteId);
    }

    [Fact]
    public void Moving_a_site_changes_its_distance_despite_the_cached_distances()
    {
        using var network = new TestNetwork().Site("mobile-1", "tokyo").Cell("mobile-1/c1", "mobile-1");

        var before = network.Index.Route(TestNetwork.Order(deliverTo: "osaka")).Chosen!.Components.DistanceKm;
        network.Site("mobile-1", "kyoto");
        var after = network.Index.Route(TestNetwork.Order(deliverTo: "osaka")).Chosen!.Components.DistanceKm;

        Assert.Equal(Cities.Osaka.DistanceKmTo(Cities.Tokyo), before, 9);
        Assert.Equal(Cities.Osaka.DistanceKmTo(Cities.Kyoto), after, 9);
    }

    [Fact]
    public void Removing_a_site_removes_its_cells_and_leaves_the_others_on_their_own_sites()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1").Cell("osaka-1/c2", "osaka-1")
            .Site("kyoto-1", "kyoto").Cell("kyoto-1/c1", "kyoto-1")
            .Site("tokyo-1", "tokyo").Cell("tokyo-1/c1", "tokyo-1").Cell("tokyo-1/c2", "tokyo-1");

        Assert.True(network.Index.RemoveSite("osaka-1"));
        Assert.False(network.Index.RemoveSite("osaka-1"));
        var decision = network.Index.Route(TestNetwork.Order(deliverTo: "osaka"));

        Assert.Equal(2, network.Index.SiteCount);
        Assert.Equal(3, network.Index.CellCount);
        Assert.Equal(["kyoto-1/c1", "tokyo-1/c1", "tokyo-1/c2"], decision.TopCandidates.Select(c => c.CellId));
        Assert.All(decision.TopCandidates, c => Assert.StartsWith(c.SiteId + "/", c.CellId, StringComparison.Ordinal));
        Assert.Equal(Cities.Osaka.DistanceKmTo(Cities.Tokyo), decision.TopCandidates[^1].Components.DistanceKm, 9);
    }

    [Fact]
    public void A_cell_snapshot_replaces_what_the_index_knew_including_its_backlog()
    {
        using var network = new TestNetwork().Site("osaka-1", "osaka").Cell("osaka-1/c1", "osaka-1");
        network.Index.Reserve("osaka-1/c1", 6);

        network.Cell("osaka-1/c1", "osaka-1", capabilities: ["additive"], backlogHours: 2);
        var cnc = network.Index.Route(TestNetwork.Order(capabilities: ["cnc"]));
        var additive = network.Index.Route(TestNetwork.Order(capabilities: ["ADDITIVE"]));

        Assert.Equal(2, network.Index.GetBacklogHours("osaka-1/c1"));
        Assert.Null(cnc.Chosen);
        Assert.Equal("osaka-1/c1", additive.Chosen?.CellId);
        Assert.True(network.Index.RemoveCell("osaka-1/c1"));
        Assert.Equal(0, network.Index.CellCount);
    }

    [Fact]
    public void Backlog_follows_each_cell_when_removals_and_capability_changes_move_rows_around()
    {
        using var network = new TestNetwork()
            .Site("osaka-1", "osaka")
            .Cell("osaka-1/c1", "osaka-1", backlogHours: 1)
            .Cell("osaka-1/c2", "osaka-1", backlogHours: 2)
            .Cell("osaka-1/c3", "osaka-1", backlogHours: 3)
            .Cell("osaka-1/c4", "osaka-1", backlogHours: 4);

        network.Index.RemoveCell("osaka-1/c1");
        network.Cell("osaka-1/c2", "osaka-1", capabilities: ["cnc", "finishing"], backlogHours: 2);
        network.Index.Reserve("osaka-1/c4", 10);
        network.Index.Reserve("osaka-1/c2", 20);

        Assert.Equal(22, network.Index.GetBacklogHours("osaka-1/c2"));
        Assert.Equal(3, network.Index.GetBacklogHours("osaka-1/c3"));
        Assert.Equal(14, network.Index.GetBacklogHours("osaka-1/c4"));
        var finishing = network.Index.Route(TestNetwork.Order(capabilities: ["finishing"]));
        Assert.Equal("osaka-1/c2", finishing.Chosen?.CellId);
        Assert.Equal(2, finishing.Rejections.MissingCapability);
    }
}
