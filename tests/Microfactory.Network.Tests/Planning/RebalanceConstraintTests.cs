using Microfactory.Network.Planning;
using static Microfactory.Network.Tests.Planning.PlanFixtures;

namespace Microfactory.Network.Tests.Planning;

public class RebalanceConstraintTests
{
    [Fact]
    public void Moves_only_to_cells_with_every_required_capability()
    {
        // osaka-01 holds 12 h of additive work on 8 h a day (1.5); kyoto-01 is nearer but has no additive cell.
        var snapshot = new NetworkSnapshot(
            Now,
            [
                Site("osaka-01", "osaka", 0, Cell("a", ["additive", "cnc"])),
                Site("kyoto-01", "kyoto", 10, Cell("k", ["cnc"])),
                Site("kobe-01", "kobe", 30, Cell("b", ["additive"])),
            ],
            [.. Enumerable.Range(0, 6).Select(i => Order($"o{i}", "osaka-01", "a", "additive"))]);

        var plan = RebalancePlanner.Plan(snapshot, Band());

        Assert.NotEmpty(plan.Moves);
        Assert.All(plan.Moves, m => Assert.Equal(("kobe-01", "b"), (m.ToSiteId, m.ToCellId)));
        Assert.True(IndependentOutcome.Of(snapshot, Band(), plan).UtilisationAfter["osaka-01"] <= 0.9);
    }

    [Fact]
    public void Never_moves_an_order_to_a_site_whose_agent_is_disconnected()
    {
        // kyoto-01 is nearest and idle, but its agent is away: it gets no new work, so the orders go to kobe-01.
        var snapshot = new NetworkSnapshot(
            Now,
            [
                Site("osaka-01", "osaka", 0, Cell("a", ["cnc"])),
                Site("kyoto-01", "kyoto", 10, Cell("k", ["cnc"])) with { Connected = false },
                Site("kobe-01", "kobe", 30, Cell("b", ["cnc"])),
            ],
            [.. Enumerable.Range(0, 6).Select(i => Order($"o{i}", "osaka-01", "a"))]);

        var plan = RebalancePlanner.Plan(snapshot, Band());

        Assert.NotEmpty(plan.Moves);
        Assert.All(plan.Moves, m => Assert.Equal("kobe-01", m.ToSiteId));
    }

    [Fact]
    public void Never_moves_an_order_further_than_the_distance_limit_from_its_delivery_city()
    {
        // nara-01 (40 km) has room for one order only; tokyo-01 (400 km) has plenty but is out of reach.
        var snapshot = new NetworkSnapshot(
            Now,
            [
                Site("osaka-01", "osaka", 0, Cell("a", ["cnc"])),
                Site("nara-01", "nara", 40, Cell("n", ["cnc"], hoursPerDay: 4, running: 1.5)),
                Site("tokyo-01", "tokyo", 400, Cell("t", ["cnc"], hoursPerDay: 24)),
            ],
            [.. Enumerable.Range(0, 6).Select(i => Order($"o{i}", "osaka-01", "a"))]);

        var plan = RebalancePlanner.Plan(snapshot, Band(maxKm: 100));

        Assert.Equal(["nara-01"], plan.Moves.Select(m => m.ToSiteId));
        Assert.All(plan.Moves, m => Assert.True(m.DistanceKmAfter <= 100, $"{m.OrderId} goes {m.DistanceKmAfter:0} km"));
        var unmoved = Assert.Single(plan.Unmoved.Select(u => u.Reason).Distinct());
        Assert.Equal("every capable site within 100 km would go above 0.90", unmoved);
    }

    [Fact]
    public void Never_makes_an_on_time_order_late_when_due_dates_may_not_be_risked()
    {
        // At osaka-01 (8 h/day, so 3 calendar hours per work hour) the 1 h orders finish at 3, 6, ... 18 h; due at
        // 12 h, the last two are late. kyoto-01 runs 24 h a day behind 10 h of running work: it finishes an order
        // at 11 h, a second at 12 h, a third at 13 h, which would make that one late.
        var snapshot = new NetworkSnapshot(
            Now,
            [
                Site("osaka-01", "osaka", 0, Cell("a", ["cnc"])),
                Site("kyoto-01", "kyoto", 40, Cell("k", ["cnc"], hoursPerDay: 24, running: 10)),
            ],
            [.. Enumerable.Range(0, 6).Select(i => Order($"o{i}", "osaka-01", "a", hours: 1, dueInHours: 12))]);
        var request = Band(low: 0, high: 0.5, mayRisk: false);

        var plan = RebalancePlanner.Plan(snapshot, request);

        var outcome = IndependentOutcome.Of(snapshot, request, plan);
        Assert.NotEmpty(plan.Moves);
        foreach (var order in snapshot.Orders.Where(o => outcome.LateHoursBefore[o.OrderId] == 0))
        {
            Assert.True(outcome.LateHoursAfter[order.OrderId] == 0, $"{order.OrderId} was on time and is late by {outcome.LateHoursAfter[order.OrderId]:0.00} h");
        }

        Assert.True(plan.Totals.LateOrdersAfter <= plan.Totals.LateOrdersBefore);
    }

    [Fact]
    public void Puts_a_due_date_at_risk_only_when_allowed()
    {
        // osaka-01 finishes its six 1 h orders at 1..6 h, all before the 10 h due date, but over a 6 h horizon it
        // is at 1.0 against a 0.5 band. kyoto-01's only cnc cell clears 2 h a day: an order there finishes at 12 h.
        var snapshot = new NetworkSnapshot(
            Now,
            [
                Site("osaka-01", "osaka", 0, Cell("a", ["cnc"], hoursPerDay: 24)),
                Site("kyoto-01", "kyoto", 40, Cell("k1", ["cnc"], hoursPerDay: 2), Cell("k2", ["milling"], hoursPerDay: 22)),
            ],
            [.. Enumerable.Range(0, 6).Select(i => Order($"o{i}", "osaka-01", "a", hours: 1, dueInHours: 10))]);
        var strictRequest = Band(low: 0, high: 0.5, mayRisk: false) with { Horizon = TimeSpan.FromHours(6) };

        var strict = RebalancePlanner.Plan(snapshot, strictRequest);
        var relaxed = RebalancePlanner.Plan(snapshot, strictRequest with { MayRiskDueDates = true });

        Assert.Empty(strict.Moves);
        Assert.Equal(6, strict.Unmoved.Count);
        Assert.All(strict.Unmoved, u => Assert.Equal("every capable site with room would make an on-time order late", u.Reason));
        var move = Assert.Single(relaxed.Moves);
        Assert.Equal(("kyoto-01", "k1"), (move.ToSiteId, move.ToCellId));
        Assert.Equal(2.0, move.LateHoursAfter, 6);
        Assert.Equal(1, relaxed.Totals.LateOrdersAfter);
        Assert.True(relaxed.Totals.CostAfter < strict.Totals.CostAfter);
    }
}
