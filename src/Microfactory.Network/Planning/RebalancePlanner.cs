namespace Microfactory.Network.Planning;

/// <summary>
/// Plans rebalancing and draining as a pure function of a snapshot: a lazy greedy that keeps every candidate order's
/// best move in a priority queue and applies the best one, re-pricing an entry when it surfaces because earlier
/// moves may have made it worse (see docs/planning.md for the objective and the constraints).
/// </summary>
public static class RebalancePlanner
{
    private const double MinimumGain = 1e-9;

    /// <summary>A popped move is applied when its fresh price is within this share of the next entry's.</summary>
    private const double RequeueTolerance = 0.02;

    public static RebalancePlan Plan(NetworkSnapshot snapshot, RebalanceRequest request)
    {
        var model = PlanningModel.Build(snapshot, request);
        var start = PlanEvaluation.Evaluate(model, model.Orders.Select(o => o.Cell).ToArray());
        var state = new PlanState(model, start);
        var moves = new List<(int Order, string Why)>();
        var queue = new PriorityQueue<int, (double Delta, int Rank)>(MoveKeyComparer.Instance);
        var cache = new DestinationCache(model.Orders.Length);
        for (var o = 0; o < model.Orders.Length; o++)
        {
            if (IsCandidate(model, o) && BestMove(model, state, cache, o, out var delta, out _))
            {
                queue.Enqueue(o, (delta, model.Orders[o].Rank));
            }
        }

        while (queue.TryDequeue(out var order, out _))
        {
            if (!BestMove(model, state, cache, order, out var delta, out var cell))
            {
                continue;
            }

            // Re-queue only when the next entry is clearly better: among near-equal gains (a surge site's orders all
            // lose a little each time one leaves) the order of moves hardly matters, and re-queueing them all is
            // what would make the greedy quadratic in the orders per site.
            if (queue.TryPeek(out _, out var next) && delta > next.Delta + (RequeueTolerance * Math.Abs(next.Delta)))
            {
                queue.Enqueue(order, (delta, model.Orders[order].Rank));
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

    /// <summary>
    /// The cheapest allowed move of the order, if it lowers the cost; ties go to the nearer site, then ids. The
    /// destination side is reused while its site is unchanged: other sites only fill up, so they cannot overtake it.
    /// </summary>
    private static bool BestMove(PlanningModel model, PlanState state, DestinationCache cache, int order, out double delta, out int cell)
    {
        delta = double.PositiveInfinity;
        cell = -1;
        if (state.IsMoved(order) || !model.Orders[order].CapabilitiesKnown)
        {
            return false;
        }

        var removal = state.RemovalDelta(order);
        if (double.IsPositiveInfinity(removal))
        {
            return false;
        }

        if (!cache.TryGet(order, state, out cell, out var insertion))
        {
            insertion = CheapestDestination(model, state, order, -removal - MinimumGain, out cell);
            if (cell < 0)
            {
                return false;
            }

            cache.Set(order, state, cell, insertion);
        }

        delta = removal + insertion;
        return delta < -MinimumGain;
    }

    /// <summary>The cheapest destination cell, or -1 when none costs less than <paramref name="worthIt"/>.</summary>
    private static double CheapestDestination(PlanningModel model, PlanState state, int order, double worthIt, out int cell)
    {
        ref readonly var o = ref model.Orders[order];
        var weights = model.Weights;
        var high = model.Request.BandHigh;
        var best = double.PositiveInfinity;
        cell = -1;
        foreach (var reach in model.Reachable[o.Delivery])
        {
            // A destination costs at least the move and its added kilometres; sites come nearest first, so once
            // that floor cannot beat the best found (or be worth it), no further site can.
            var floor = weights.PerMove + (weights.Routing.PerKm * Math.Max(0, reach.Km - o.KmBefore));
            if (floor >= Math.Min(best, worthIt))
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

                var price = state.InsertionDelta(order, c, reach.Km);
                if (price < best)
                {
                    best = price;
                    cell = c;
                }
            }
        }

        if (best >= worthIt)
        {
            cell = -1;
        }

        return best;
    }

    /// <summary>Best gain first (most negative delta), then order id rank; a plain struct comparison, no boxing.</summary>
    private sealed class MoveKeyComparer : IComparer<(double Delta, int Rank)>
    {
        public static readonly MoveKeyComparer Instance = new();

        public int Compare((double Delta, int Rank) x, (double Delta, int Rank) y) =>
            x.Delta < y.Delta ? -1 : x.Delta > y.Delta ? 1 : x.Rank.CompareTo(y.Rank);
    }

    /// <summary>Per order, the last cheapest destination and the version of its site when it was priced.</summary>
    private sealed class DestinationCache(int orders)
    {
        private readonly int[] _cell = Enumerable.Repeat(-1, orders).ToArray();
        private readonly double[] _price = new double[orders];
        private readonly int[] _version = new int[orders];

        public bool TryGet(int order, PlanState state, out int cell, out double price)
        {
            cell = _cell[order];
            price = _price[order];
            return cell >= 0 && state.SiteVersion[state.SiteOfCell(cell)] == _version[order];
        }

        public void Set(int order, PlanState state, int cell, double price)
        {
            _cell[order] = cell;
            _price[order] = price;
            _version[order] = state.SiteVersion[state.SiteOfCell(cell)];
        }
    }
}
