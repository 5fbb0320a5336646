namespace Microfactory.Network.Planning;

/// <summary>
/// Plans rebalancing and draining as a pure function of a snapshot: a lazy greedy that keeps every candidate order's
/// best move in a priority queue and applies the best one, re-pricing an entry when it surfaces because earlier
/// moves may have made it worse (see docs/planning.md for the objective and the constraints).
/// </summary>
public static class RebalancePlanner
{
    private const double MinimumGain = 1e-9;

    public static RebalancePlan Plan(NetworkSnapshot snapshot, RebalanceRequest request)
    {
        var model = PlanningModel.Build(snapshot, request);
        var start = PlanEvaluation.Evaluate(model, model.Orders.Select(o => o.Cell).ToArray());
        var state = new PlanState(model, start);
        var moves = new List<(int Order, string Why)>();
        var queue = new PriorityQueue<int, (double Delta, int Rank)>();
        for (var o = 0; o < model.Orders.Length; o++)
        {
            if (IsCandidate(model, o) && BestMove(model, state, o, out var delta, out _))
            {
                queue.Enqueue(o, (delta, model.Orders[o].Rank));
            }
        }

        while (queue.TryDequeue(out var order, out _))
        {
            if (!BestMove(model, state, order, out var delta, out var cell))
            {
                continue;
            }

            var key = (delta, model.Orders[order].Rank);
            if (queue.TryPeek(out _, out var next) && key.CompareTo(next) > 0)
            {
                queue.Enqueue(order, key);
                continue;
            }

            moves.Add((order, MoveReasons.Why(model, state, order, cell)));
            state.Apply(order, cell);
        }

        return PlanReport.Build(model, start, state, moves);
    }

    /// <summary>
    /// Every order on a drained site or a site that takes work: besides relieving an overloaded site, leaving a
    /// site within the band can pay by letting the orders behind it finish on time.
    /// </summary>
    private static bool IsCandidate(PlanningModel model, int order)
    {
        var site = model.Orders[order].Site;
        return model.Sites[site].Drained || model.Sites[site].TakesWork;
    }

    /// <summary>The cheapest allowed move of the order, if it lowers the cost; ties go to the nearer site, then ids.</summary>
    internal static bool BestMove(PlanningModel model, PlanState state, int order, out double delta, out int cell)
    {
        delta = double.PositiveInfinity;
        cell = -1;
        if (state.IsMoved(order))
        {
            return false;
        }

        ref readonly var o = ref model.Orders[order];
        var removal = state.RemovalDelta(order);
        if (!o.CapabilitiesKnown || double.IsPositiveInfinity(removal))
        {
            return false;
        }

        var high = model.Request.BandHigh;
        var weights = model.Weights;
        foreach (var reach in model.Reachable[o.Delivery])
        {
            // A destination costs at least the move and its added kilometres; sites come nearest first, so once
            // that floor cannot beat the best found (or gain anything), no further site can.
            var floor = removal + weights.PerMove + (weights.Routing.PerKm * Math.Max(0, reach.Km - o.KmBefore));
            if (floor >= Math.Min(delta, -MinimumGain))
            {
                break;
            }

            ref readonly var site = ref model.Sites[reach.Site];
            if (reach.Site == o.Site || state.SiteBacklog[reach.Site] + o.WorkHours > (high * site.CapacityHours) + PlanningModel.Epsilon)
            {
                continue;
            }

            foreach (var c in model.SiteCells[reach.Site])
            {
                ref readonly var candidate = ref model.Cells[c];
                if (!candidate.Available || (candidate.CapabilityMask & o.CapabilityMask) != o.CapabilityMask)
                {
                    continue;
                }

                var total = removal + state.InsertionDelta(order, c, reach.Km);
                if (total < delta)
                {
                    delta = total;
                    cell = c;
                }
            }
        }

        return cell >= 0 && delta < -MinimumGain;
    }
}
