namespace Microfactory.Network.Planning;

/// <summary>
/// Prices a whole assignment (the cell of every scoped order) from scratch under the plan model: the reference the
/// greedy's incremental arithmetic and the exact solver are both measured against.
/// </summary>
internal sealed class PlanEvaluation
{
    private PlanEvaluation(int sites, int orders)
    {
        SiteBacklog = new double[sites];
        FinishHours = new double[orders];
        LateHours = new double[orders];
    }

    public double Cost { get; private set; }

    /// <summary>Null when every constraint holds; otherwise the first one broken, in words.</summary>
    public string? Violation { get; private set; }

    public double[] SiteBacklog { get; }

    public double[] FinishHours { get; }

    public double[] LateHours { get; }

    public static PlanEvaluation Evaluate(PlanningModel model, ReadOnlySpan<int> cellOf, PlanEvaluation? original = null)
    {
        var e = new PlanEvaluation(model.Sites.Length, model.Orders.Length);
        var movedIn = new List<int>[model.Cells.Length];
        var lostOrders = new bool[model.Sites.Length];
        var received = new bool[model.Sites.Length];
        for (var s = 0; s < model.Sites.Length; s++)
        {
            e.SiteBacklog[s] = model.Sites[s].RunningHours;
        }

        double cost = 0;
        var weights = model.Weights;
        for (var o = 0; o < cellOf.Length; o++)
        {
            ref readonly var order = ref model.Orders[o];
            var cell = cellOf[o];
            var site = model.Cells[cell].Site;
            e.SiteBacklog[site] += model.Load(o, cell);
            if (cell == order.Cell)
            {
                cost += model.Sites[site].Drained ? weights.PerOrderLeftOnDrainedSite : 0;
                continue;
            }

            (movedIn[cell] ??= []).Add(o);
            lostOrders[order.Site] = true;
            received[site] = true;
            e.Violation ??= MoveViolation(model, o, cell);
            var km = model.Km(site, o);
            cost += (weights.Routing.PerKm * Math.Max(0, km - order.KmBefore)) + weights.PerMove;
        }

        for (var c = 0; c < model.Cells.Length; c++)
        {
            cost += e.PriceCellQueue(model, c, cellOf, movedIn[c]);
        }

        for (var s = 0; s < model.Sites.Length; s++)
        {
            ref readonly var site = ref model.Sites[s];
            var u = model.Utilisation(s, e.SiteBacklog[s]);
            if (site.TakesWork && u > model.Request.BandHigh)
            {
                var excess = u - model.Request.BandHigh;
                cost += weights.PerSquaredExcess * excess * excess;
            }

            if (received[s] && u > model.Request.BandHigh + PlanningModel.Epsilon)
            {
                e.Violation ??= $"site {site.SiteId} would end at {u:0.###}, above the band's high end";
            }

            if (lostOrders[s] && !site.Drained && u < model.Request.BandLow - PlanningModel.Epsilon)
            {
                e.Violation ??= $"site {site.SiteId} would end at {u:0.###}, below the band's low end";
            }
        }

        if (original is not null && !model.Request.MayRiskDueDates)
        {
            for (var o = 0; o < cellOf.Length && e.Violation is null; o++)
            {
                if (original.LateHours[o] <= PlanningModel.Epsilon && e.LateHours[o] > PlanningModel.Epsilon)
                {
                    e.Violation = $"order {model.Orders[o].OrderId} would become late";
                }
            }
        }

        e.Cost = cost;
        return e;
    }

    internal static string? MoveViolation(PlanningModel model, int order, int cell)
    {
        ref readonly var o = ref model.Orders[order];
        ref readonly var c = ref model.Cells[cell];
        if (!model.Sites[o.Site].TakesWork && !model.Sites[o.Site].Drained)
        {
            return $"order {o.OrderId} moves off a site that is neither working nor drained";
        }

        if (c.Site == o.Site)
        {
            return $"order {o.OrderId} moves within its own site";
        }

        if (!model.Sites[c.Site].TakesWork || !c.Available)
        {
            return $"order {o.OrderId} moves to a site or cell that takes no work";
        }

        if (!o.CapabilitiesKnown || (c.CapabilityMask & o.CapabilityMask) != o.CapabilityMask)
        {
            return $"order {o.OrderId} moves to a cell without its capabilities";
        }

        return model.Km(c.Site, order) > model.Request.MaxTransferKm
            ? $"order {o.OrderId} moves beyond the distance limit"
            : null;
    }

    /// <summary>Originals still on the cell in queue order, then the moved-in orders by due date.</summary>
    private double PriceCellQueue(PlanningModel model, int cell, ReadOnlySpan<int> cellOf, List<int>? movedIn)
    {
        ref readonly var c = ref model.Cells[cell];
        var hours = c.RunningHours;
        double cost = 0;
        foreach (var o in model.CellQueues[cell])
        {
            if (cellOf[o] == cell)
            {
                hours += model.Load(o, cell);
                cost += Record(model, o, hours * c.CalendarHoursPerWorkHour);
            }
        }

        if (movedIn is not null)
        {
            movedIn.Sort(model.CompareMovedIn);
            foreach (var o in movedIn)
            {
                hours += model.Load(o, cell);
                cost += Record(model, o, hours * c.CalendarHoursPerWorkHour);
            }
        }

        return cost;
    }

    private double Record(PlanningModel model, int order, double finishHours)
    {
        FinishHours[order] = finishHours;
        var late = Math.Max(0, finishHours - model.Orders[order].DueHours);
        LateHours[order] = late;
        return late * model.LateWeight(order);
    }
}
