using Microfactory.Network.Planning;
using static Microfactory.Network.Tests.Planning.PlanFixtures;

namespace Microfactory.Network.Tests.Planning;

public class SurgeAbsorptionTests
{
    [Fact]
    public void A_surge_in_one_city_is_absorbed_by_neighbours_within_the_distance_limit()
    {
        // Osaka's two sites hold 13 h and 12 h on 8 h a day (1.63, 1.5); Kyoto (45 km, 12 h a day) and Kobe (30 km) are nearly
        // idle; Tokyo (400 km) is idle but beyond the 100 km limit.
        var sites = new[]
        {
            Site("osaka-01", "osaka", 0, Cell("a", ["cnc"])),
            Site("osaka-02", "osaka", 5, Cell("a", ["cnc"])),
            Site("kyoto-01", "kyoto", 45, Cell("k", ["cnc"], hoursPerDay: 12, running: 1)),
            Site("kobe-01", "kobe", 30, Cell("b", ["cnc"], running: 2)),
            Site("tokyo-01", "tokyo", 400, Cell("t", ["cnc"])),
        };
        var orders = Enumerable.Range(0, 13).Select(i => Order($"a{i:00}", "osaka-01", "a", hours: 1))
            .Concat(Enumerable.Range(0, 6).Select(i => Order($"b{i:00}", "osaka-02", "a", hours: 2)))
            .ToList();
        var snapshot = new NetworkSnapshot(Now, sites, orders);
        var request = Band(low: 0.2, high: 0.9, maxKm: 100);

        var plan = RebalancePlanner.Plan(snapshot, request);

        var outcome = IndependentOutcome.Of(snapshot, request, plan);
        Assert.True(outcome.UtilisationBefore["osaka-01"] > 1.5 && outcome.UtilisationBefore["osaka-02"] >= 1.5);
        Assert.All(sites, s => Assert.True(outcome.UtilisationAfter[s.SiteId] <= 0.9 + 1e-9, $"{s.SiteId} at {outcome.UtilisationAfter[s.SiteId]:0.000}"));
        Assert.Equal(0.0, outcome.UtilisationAfter["tokyo-01"]);
        Assert.Contains(plan.Moves, m => m.ToSiteId == "kyoto-01");
        Assert.Contains(plan.Moves, m => m.ToSiteId == "kobe-01");
        Assert.True(plan.Totals.UtilisationSpreadAfter < plan.Totals.UtilisationSpreadBefore);
        Assert.Empty(plan.Unmoved);
    }

    [Fact]
    public void A_generated_surge_city_is_brought_down_without_overloading_any_receiver()
    {
        var snapshot = NetworkGenerator.Generate(new GeneratorSettings(Sites: 40, Cities: 4, Orders: 2000, Seed: 5) { RegionDegrees = 2 });
        var request = new RebalanceRequest(0.1, 0.9, 400, MayRiskDueDates: true);

        var plan = RebalancePlanner.Plan(snapshot, request);

        var outcome = IndependentOutcome.Of(snapshot, request, plan);
        var surge = snapshot.Sites.Where(s => s.CityId == "city-000").Select(s => s.SiteId).ToList();
        Assert.True(surge.Average(s => outcome.UtilisationBefore[s]) > 1.0, "the generator should overload the surge city");
        Assert.True(surge.Average(s => outcome.UtilisationAfter[s]) < surge.Average(s => outcome.UtilisationBefore[s]) - 0.3);
        foreach (var receiver in plan.Moves.Select(m => m.ToSiteId).Distinct())
        {
            Assert.True(outcome.UtilisationAfter[receiver] <= 0.9 + 1e-9, $"{receiver} received orders and ends at {outcome.UtilisationAfter[receiver]:0.000}");
        }
    }
}
