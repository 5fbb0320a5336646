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
    private readonly double[] _totalHours;
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

        _totalHours = (double[])_hoursBeforeMovedIn.Clone();
        _movedIn = new List<int>?[model.Cells.Length];
        _onTimeAtStart = [.. start.LateHours.Select(l => l <= PlanningModel.Epsilon)];
        SiteVersion = new int[model.Sites.Length];
    }

    public int[] CellOf { get; }

    public double[] SiteBacklog { get; }

    /// <summary>Bumped whenever a site gains or loses an order, so a price computed against it can be reused until then.</summary>
    public int[] SiteVersion { get; private set; } = [];

    public int SiteOfCell(int cell) => _model.Cells[cell].Site;

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
        var after = m.Utilisation(c.Site, SiteBacklog[c.Site] + load);
        if (after > m.Request.BandHigh + PlanningModel.Epsilon)
        {
            return double.PositiveInfinity;
        }

        var calendar = c.CalendarHoursPerWorkHour;
        var mayRisk = m.Request.MayRiskDueDates;
        var protect = !mayRisk && _onTimeAtStart[order];

        // Even at the head of the moved-in orders it cannot finish sooner than this: a cheap refusal.
        if (protect && Late(order, (_hoursBeforeMovedIn[cell] + load) * calendar) > PlanningModel.Epsilon)
        {
            return double.PositiveInfinity;
        }

        var delta = ExcessCost(after) - ExcessCost(Utilisation(c.Site));

        // Moved-in orders are kept by due date, and most arrive in that order too: walk back from the end over
        // those that will run after this one (each finishes later by its load).
        var hours = _totalHours[cell];
        var list = _movedIn[cell];
        for (var i = (list?.Count ?? 0) - 1; i >= 0; i--)
        {
            var j = list![i];
            if (m.CompareMovedIn(order, j) > 0)
            {
                break;
            }

            var lateNow = Late(j, (hours + load) * calendar);
            if (!mayRisk && _onTimeAtStart[j] && lateNow > PlanningModel.Epsilon)
            {
                return double.PositiveInfinity;
            }

            delta += (lateNow - Late(j, hours * calendar)) * m.LateWeight(j);
            hours -= m.Load(j, cell);
        }

        var late = Late(order, (hours + load) * calendar);
        if (protect && late > PlanningModel.Epsilon)
        {
            return double.PositiveInfinity;
        }

        return delta + (late * m.LateWeight(order))
            + (m.Weights.Routing.PerKm * Math.Max(0, km - m.Orders[order].KmBefore)) + m.Weights.PerMove;
    }

    public void Apply(int order, int cell)
    {
        var m = _model;
        ref readonly var o = ref m.Orders[order];
        var removed = m.Load(order, o.Cell);
        SiteBacklog[o.Site] -= removed;
        _hoursBeforeMovedIn[o.Cell] -= removed;
        _totalHours[o.Cell] -= removed;
        SiteBacklog[m.Cells[cell].Site] += m.Load(order, cell);
        _totalHours[cell] += m.Load(order, cell);
        CellOf[order] = cell;
        SiteVersion[o.Site]++;
        SiteVersion[m.Cells[cell].Site]++;
        var list = _movedIn[cell] ??= [];
        var at = list.Count;
        while (at > 0 && m.CompareMovedIn(list[at - 1], order) > 0)
        {
            at--;
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
