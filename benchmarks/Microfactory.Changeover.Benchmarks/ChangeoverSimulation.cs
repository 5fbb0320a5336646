using Microfactory.Network.Routing;

namespace Microfactory.Changeover.Benchmarks;

/// <summary>What one run of the workload cost.</summary>
public sealed record SimulationResult(double SetupWeight, int Orders, int Changeovers, double ChangeoverHours, int LateOrders, double MeanKm, TimeSpan Elapsed);

/// <summary>
/// Routes the workload through the real <see cref="RoutingIndex"/> and plays each chosen cell's queue forward in
/// simulated time: a job starts when its cell is free, takes a changeover first when the cell was left set up for
/// another design or colour, and is late when it finishes after its due date. Before each order the index is told every
/// cell's backlog at that moment and, through its snapshot, the setup its queue leaves it in.
/// </summary>
public static class ChangeoverSimulation
{
    private const double ChangeoverHours = 1.5;
    private const double HoursPerDay = 16;

    public static SimulationResult Run(HighMixWorkload workload, double setupWeight)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var weights = RoutingWeights.Default with { PerSetupChangeHour = setupWeight };
        var index = new RoutingIndex(new RoutingOptions { Weights = weights });
        var calendarPerWorkHour = CandidateScorer.CalendarHoursPerWorkHour(1, HoursPerDay);
        var cells = new Dictionary<string, (string SiteId, DateTimeOffset FreeAt, string? Setup)>(StringComparer.Ordinal);
        foreach (var site in workload.Sites)
        {
            index.UpsertSite(site);
            for (var c = 0; c < workload.CellsPerSite; c++)
            {
                cells[$"{site.SiteId}/cnc-{c}"] = (site.SiteId, DateTimeOffset.MinValue, null);
            }
        }

        int changeovers = 0, late = 0;
        double changeoverHours = 0, km = 0;
        foreach (var order in workload.Orders)
        {
            foreach (var (id, cell) in cells)
            {
                var backlogWorkHours = cell.FreeAt > order.ArrivesAt ? (cell.FreeAt - order.ArrivesAt).TotalHours / calendarPerWorkHour : 0;
                index.UpsertCell(new CellSnapshot(id, cell.SiteId, ["cnc"], workload.Designs.ToArray(), 1, HoursPerDay, backlogWorkHours, 10_000, CellState.Idle)
                {
                    SetupKey = cell.Setup,
                });
            }

            var decision = index.Route(new RoutingRequest(order.Id, ["cnc"], order.Design, false, ChangeoverHours, order.WorkHours, order.DueAt, order.ArrivesAt, order.Delivery)
            {
                SetupKey = order.Setup,
            });
            var chosen = decision.Chosen ?? throw new InvalidOperationException($"{order.Id} found no cell: {decision.UnroutableReason}");
            var (siteId, freeAt, setup) = cells[chosen.CellId];
            var changeover = setup is not null && setup != order.Setup ? ChangeoverHours : 0;
            var start = freeAt > order.ArrivesAt ? freeAt : order.ArrivesAt;
            var finish = start + TimeSpan.FromHours((changeover + order.WorkHours) * calendarPerWorkHour);
            cells[chosen.CellId] = (siteId, finish, order.Setup);
            changeovers += changeover > 0 ? 1 : 0;
            changeoverHours += changeover;
            late += finish > order.DueAt ? 1 : 0;
            km += chosen.Components.DistanceKm;
        }

        return new SimulationResult(setupWeight, workload.Orders.Count, changeovers, changeoverHours, late, km / workload.Orders.Count,
            System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }
}
