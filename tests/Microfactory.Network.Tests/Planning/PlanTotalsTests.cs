using Microfactory.Network.Planning;

namespace Microfactory.Network.Tests.Planning;

public class PlanTotalsTests
{
    [Fact]
    public void Totals_and_move_predictions_match_an_independent_recomputation_from_the_moves()
    {
        var generated = NetworkGenerator.Generate(new GeneratorSettings(Sites: 50, Cities: 5, Orders: 2500, Seed: 3) { RegionDegrees = 3 });
        // Delivery modes of different emissions, so the CO2 total weighs each move's km by its own order's mode.
        var snapshot = generated with { Orders = [.. generated.Orders.Select((o, i) => o with { Co2GramsPerKm = i % 3 == 0 ? 900 : 250 })] };
        var request = new RebalanceRequest(0.2, 0.9, 250, MayRiskDueDates: true) { DrainSiteIds = ["site-0007"] };

        var plan = RebalancePlanner.Plan(snapshot, request);

        var outcome = IndependentOutcome.Of(snapshot, request, plan);
        var orders = snapshot.Orders.ToDictionary(o => o.OrderId);
        Assert.NotEmpty(plan.Moves);
        Assert.Equal(plan.Moves.Count, plan.Moves.Select(m => m.OrderId).Distinct().Count());
        Assert.Equal(plan.Moves.Count, plan.Totals.OrdersMoved);

        double km = 0, co2 = 0;
        foreach (var move in plan.Moves)
        {
            var order = orders[move.OrderId];
            Assert.Equal((order.SiteId, order.CellId), (move.FromSiteId, move.FromCellId));
            Assert.Equal(IndependentOutcome.Km(snapshot, order.SiteId, order), move.DistanceKmBefore, 6);
            Assert.Equal(IndependentOutcome.Km(snapshot, move.ToSiteId, order), move.DistanceKmAfter, 6);
            Assert.Equal(outcome.FinishAfter[move.OrderId], move.FinishAfter, TimeSpan.FromSeconds(1));
            Assert.Equal(outcome.LateHoursAfter[move.OrderId], move.LateHoursAfter, 6);
            Assert.Equal(outcome.LateHoursBefore[move.OrderId], move.LateHoursBefore, 6);
            km += move.DistanceKmAfter - move.DistanceKmBefore;
            co2 += (move.DistanceKmAfter - move.DistanceKmBefore) * order.Co2GramsPerKm;
        }

        Assert.Equal(km, plan.Totals.KilometresAdded, 6);
        Assert.Equal(co2, plan.Totals.Co2GramsAdded, 3);
        Assert.Equal(outcome.LateHoursBefore.Values.Count(l => l > 1e-9), plan.Totals.LateOrdersBefore);
        Assert.Equal(outcome.LateHoursAfter.Values.Count(l => l > 1e-9), plan.Totals.LateOrdersAfter);

        var working = snapshot.Sites.Where(s => s.SiteId != "site-0007").Select(s => s.SiteId).ToList();
        Assert.Equal(Spread(working.Select(s => outcome.UtilisationBefore[s])), plan.Totals.UtilisationSpreadBefore, 9);
        Assert.Equal(Spread(working.Select(s => outcome.UtilisationAfter[s])), plan.Totals.UtilisationSpreadAfter, 9);
        Assert.Equal(StdDev(working.Select(s => outcome.UtilisationBefore[s])), plan.Totals.UtilisationStdDevBefore, 9);
        Assert.Equal(StdDev(working.Select(s => outcome.UtilisationAfter[s])), plan.Totals.UtilisationStdDevAfter, 9);
        Assert.All(plan.Sites, s => Assert.Equal(outcome.UtilisationAfter[s.SiteId], s.After, 9));
        Assert.True(plan.Totals.CostAfter < plan.Totals.CostBefore);
    }

    private static double Spread(IEnumerable<double> values) => values.Max() - values.Min();

    private static double StdDev(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
    }
}
