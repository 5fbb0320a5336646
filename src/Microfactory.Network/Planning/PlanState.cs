namespace Microfactory.Network.Planning;

/// <summary>
/// The greedy's working state and the incremental price of one move, computed with the same rules as
/// <see cref="PlanEvaluation"/> but touching only the source cell's queue and the destination's moved-in orders.
/// Each order moves at most once: destinations stay within the band, so they never become sources.
/// </summary>
internal sealed class PlanState
{
    private readonly PlanningModel _model;
    private readonly double[] _hoursBeforeMovedIn;
    private readonly List<int>?[] _movedIn;
    private readonly bool[] _onTimeAtStart;

    public PlanState(PlanningModel model, PlanEvaluation start)
    {
        _model = model;
        CellOf = [.. model.Orders.Select(o => o.Cell)];
        SiteBacklog = (double[])start.SiteBacklog.Clone();
        _hoursBeforeMovedIn = [.. model.Cells.Select(c => c.RunningHours)];
        foreach (var o in Enumerable.Range(0, model.Orders.Length))
        {
            _hoursBeforeMovedIn[model.Orders[o].Cell] += model.Load(o, model.Orders[o].Cell);
        }

        _movedIn = new List<int>?[model.Cells.Length];
        _onTimeAtStart = [.. start.LateHours.Select(l => l <= PlanningModel.Epsilon)];
    }

    public int[] CellOf { get; }

    public double[] SiteBacklog { get; }

    public bool IsMoved(int order) => CellOf[order] != _model.Orders[order].Cell;

    public double Utilisation(int site) => _model.Utilisation(site, SiteBacklog[site]);

    /// <summary>
    /// The change in cost on the source side when the order leaves: the site's excess (or drain penalty), the order's
    /// own lateness there, and the orders behind it finishing sooner. +Infinity when leaving is not allowed.
    /// </summary>
    public double RemovalDelta(int order)
    {
        var m = _model;
        ref readonly var o = ref m.Orders[order];
        ref readonly var site = ref m.Sites[o.Site];
        var load = m.Load(order, o.Cell);
        double delta;
        if (site.Drained)
        {
            delta = -m.Weights.PerOrderLeftOnDrainedSite;
        }
        else
        {
            var after = m.Utilisation(o.Site, SiteBacklog[o.Site] - load);
            if (after < m.Request.BandLow - PlanningModel.Epsilon)
            {
                return double.PositiveInfinity;
            }

            delta = ExcessCost(after) - ExcessCost(Utilisation(o.Site));
        }

        var cell = o.Cell;
        var calendar = m.Cells[cell].CalendarHoursPerWorkHour;
        var hours = m.Cells[cell].RunningHours;
        var behind = false;
        foreach (var j in m.CellQueues[cell])
        {
            if (CellOf[j] != cell)
            {
                continue;
            }

            hours += m.Load(j, cell);
            if (j == order)
            {
                delta -= Late(j, hours * calendar) * m.LateWeight(j);
                behind = true;
            }
            else if (behind)
            {
                delta += (Late(j, (hours - load) * calendar) - Late(j, hours * calendar)) * m.LateWeight(j);
            }
        }

        foreach (var j in _movedIn[cell] ?? [])
        {
            hours += m.Load(j, cell);
            delta += (Late(j, (hours - load) * calendar) - Late(j, hours * calendar)) * m.LateWeight(j);
        }

        return delta;
    }

    /// <summary>
    /// The change in cost on the destination side when the order joins <paramref name="cell"/>'s moved-in orders:
    /// the site's excess, the order's lateness there, the moved-in orders it delays, its kilometres and the move
    /// cost. +Infinity when the band or (if not allowed) a due date would be broken.
    /// </summary>
    public double InsertionDelta(int order, int cell, double km)
    {
        var m = _model;
        ref readonly var c = ref m.Cells[cell];
        var load = m.Load(order, cell);
        var before = Utilisation(c.Site);
        var after = m.Utilisation(c.Site, SiteBacklog[c.Site] + load);
        if (after > m.Request.BandHigh + PlanningModel.Epsilon)
        {
            return double.PositiveInfinity;
        }

        var mayRisk = m.Request.MayRiskDueDates;
        var calendar = c.CalendarHoursPerWorkHour;
        var delta = ExcessCost(after) - ExcessCost(before);
        var hours = _hoursBeforeMovedIn[cell];
        var placed = false;
        foreach (var j in _movedIn[cell] ?? [])
        {
            if (!placed && m.CompareMovedIn(order, j) < 0)
            {
                if (!Place(order, hours + load, ref delta))
                {
                    return double.PositiveInfinity;
                }

                placed = true;
            }

            hours += m.Load(j, cell);
            if (placed)
            {
                var lateNow = Late(j, (hours + load) * calendar);
                if (!mayRisk && _onTimeAtStart[j] && lateNow > PlanningModel.Epsilon)
                {
                    return double.PositiveInfinity;
                }

                delta += (lateNow - Late(j, hours * calendar)) * m.LateWeight(j);
            }
        }

        if (!placed && !Place(order, hours + load, ref delta))
        {
            return double.PositiveInfinity;
        }

        return delta + (m.Weights.Routing.PerKm * Math.Max(0, km - m.Orders[order].KmBefore)) + m.Weights.PerMove;

        bool Place(int o, double finishWorkHours, ref double total)
        {
            var late = Late(o, finishWorkHours * calendar);
            if (!mayRisk && _onTimeAtStart[o] && late > PlanningModel.Epsilon)
            {
                return false;
            }

            total += late * m.LateWeight(o);
            return true;
        }
    }

    public void Apply(int order, int cell)
    {
        var m = _model;
        ref readonly var o = ref m.Orders[order];
        var removed = m.Load(order, o.Cell);
        SiteBacklog[o.Site] -= removed;
        _hoursBeforeMovedIn[o.Cell] -= removed;
        SiteBacklog[m.Cells[cell].Site] += m.Load(order, cell);
        CellOf[order] = cell;
        var list = _movedIn[cell] ??= [];
        var at = 0;
        while (at < list.Count && m.CompareMovedIn(list[at], order) < 0)
        {
            at++;
        }

        list.Insert(at, order);
    }

    public double ExcessCost(double utilisation)
    {
        var excess = utilisation - _model.Request.BandHigh;
        return excess > 0 ? _model.Weights.PerSquaredExcess * excess * excess : 0;
    }

    private double Late(int order, double finishHours) => Math.Max(0, finishHours - _model.Orders[order].DueHours);
}
