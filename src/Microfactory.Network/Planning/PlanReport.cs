namespace Microfactory.Network.Planning;

/// <summary>Turns the greedy's final state into the plan: moves with before/after predictions, totals, unmoved orders.</summary>
internal static class PlanReport
{
    public static RebalancePlan Build(PlanningModel model, PlanEvaluation start, PlanState state, List<(int Order, string Why)> moves)
    {
        var end = PlanEvaluation.Evaluate(model, state.CellOf, start);
        var now = model.Snapshot.Now;
        var planned = new List<PlannedMove>(moves.Count);
        double kmAdded = 0, co2Added = 0;
        foreach (var (order, why) in moves)
        {
            ref readonly var o = ref model.Orders[order];
            var to = state.CellOf[order];
            var toSite = model.Cells[to].Site;
            var kmAfter = model.Km(toSite, order);
            kmAdded += kmAfter - o.KmBefore;
            co2Added += (kmAfter - o.KmBefore) * model.Snapshot.Orders[o.SnapshotIndex].Co2GramsPerKm;
            planned.Add(new PlannedMove(
                o.OrderId,
                model.Sites[o.Site].SiteId,
                model.Cells[o.Cell].CellId,
                model.Sites[toSite].SiteId,
                model.Cells[to].CellId,
                o.KmBefore,
                kmAfter,
                now + TimeSpan.FromHours(start.FinishHours[order]),
                now + TimeSpan.FromHours(end.FinishHours[order]),
                start.LateHours[order],
                end.LateHours[order],
                why));
        }

        var sites = Enumerable.Range(0, model.Sites.Length)
            .Select(s => new SiteUtilisation(
                model.Sites[s].SiteId,
                model.Sites[s].TakesWork,
                model.Utilisation(s, start.SiteBacklog[s]),
                model.Utilisation(s, end.SiteBacklog[s])))
            .ToList();
        var working = sites.Where(s => s.TakesWork).ToList();
        var totals = new PlanTotals(
            Spread(working.Select(s => s.Before)),
            Spread(working.Select(s => s.After)),
            StdDev(working.Select(s => s.Before)),
            StdDev(working.Select(s => s.After)),
            start.LateHours.Count(l => l > PlanningModel.Epsilon),
            end.LateHours.Count(l => l > PlanningModel.Epsilon),
            kmAdded,
            planned.Count,
            start.Cost,
            end.Cost)
        {
            Co2GramsAdded = co2Added,
        };
        return new RebalancePlan(planned, UnmovedOrders(model, state), totals, sites);
    }

    private static List<UnmovedOrder> UnmovedOrders(PlanningModel model, PlanState state)
    {
        var unmoved = new List<UnmovedOrder>();
        for (var o = 0; o < model.Orders.Length; o++)
        {
            var site = model.Orders[o].Site;
            var stuck = model.Sites[site].Drained
                || (model.Sites[site].TakesWork && state.Utilisation(site) > model.Request.BandHigh + PlanningModel.Epsilon);
            if (stuck && !state.IsMoved(o))
            {
                unmoved.Add(new UnmovedOrder(model.Orders[o].OrderId, model.Sites[site].SiteId, UnmovedReasons.Describe(model, state, o)));
            }
        }

        return unmoved;
    }

    private static double Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : list.Max() - list.Min();
    }

    private static double StdDev(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return 0;
        }

        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
    }
}
