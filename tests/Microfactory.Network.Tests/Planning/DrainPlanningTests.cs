using Microfactory.Network.Planning;
using Microfactory.Network.Routing;
using static Microfactory.Network.Tests.Planning.PlanFixtures;

namespace Microfactory.Network.Tests.Planning;

public class DrainPlanningTests
{
    [Fact]
    public void Drained_site_is_emptied_and_orders_that_cannot_leave_are_reported_with_their_reason()
    {
        var snapshot = new NetworkSnapshot(
            Now,
            [
                Site("osaka-01", "osaka", 0, Cell("a", ["cnc", "laser"])),
                Site("kyoto-01", "kyoto", 40, Cell("k", ["cnc"], hoursPerDay: 24)),
                Site("kobe-01", "kobe", 30, Cell("b", ["cnc"], hoursPerDay: 24)),
            ],
            [
                Order("o1", "osaka-01", "a"),
                Order("o2", "osaka-01", "a"),
                Order("o3", "osaka-01", "a"),
                Order("laser-1", "osaka-01", "a", capability: "laser"),
                Order("far-1", "osaka-01", "a", deliveryKmNorthOfOsaka: 2000, deliveryCity: "sapporo"),
            ]);
        var request = Band() with { DrainSiteIds = ["osaka-01"] };

        var plan = RebalancePlanner.Plan(snapshot, request);

        Assert.Equal(["o1", "o2", "o3"], plan.Moves.Select(m => m.OrderId).Order());
        Assert.All(plan.Moves, m => Assert.StartsWith("osaka-01 is drained", m.Why, StringComparison.Ordinal));
        var reasons = plan.Unmoved.ToDictionary(u => u.OrderId, u => u.Reason);
        Assert.Equal(2, reasons.Count);
        Assert.Equal("no site within 100 km has an available cell with [laser]", reasons["laser-1"]);
        Assert.Equal("no other site that takes work is within 100 km of its delivery point", reasons["far-1"]);
        Assert.DoesNotContain(plan.Sites, s => s.SiteId == "osaka-01" && s.TakesWork);
    }

    [Fact]
    public void A_site_whose_status_is_draining_is_drained_without_being_named()
    {
        var snapshot = new NetworkSnapshot(
            Now,
            [
                Site("osaka-01", "osaka", 0, SiteStatus.Draining, Cell("a", ["cnc"])),
                Site("kyoto-01", "kyoto", 40, Cell("k", ["cnc"], hoursPerDay: 24)),
            ],
            [Order("o1", "osaka-01", "a", hours: 0.5), Order("o2", "osaka-01", "a", hours: 0.5)]);

        var plan = RebalancePlanner.Plan(snapshot, Band());

        Assert.Equal(["o1", "o2"], plan.Moves.Select(m => m.OrderId).Order());
        Assert.Empty(plan.Unmoved);
    }
}
