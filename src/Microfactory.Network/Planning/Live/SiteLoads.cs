using Microfactory.Network.Routing;

namespace Microfactory.Network.Planning.Live;

/// <summary>Per-site load from a live snapshot, with the plan model's finish prediction (docs/planning.md).</summary>
public static class SiteLoads
{
    public static IReadOnlyList<SiteLoadView> Compute(LiveSnapshot live)
    {
        var snapshot = live.Snapshot;
        var queued = snapshot.Orders.ToLookup(o => (o.SiteId, o.CellId));
        var running = live.Running.ToLookup(r => (r.SiteId, r.CellId));
        var views = new List<SiteLoadView>(snapshot.Sites.Count);
        foreach (var site in snapshot.Sites)
        {
            double capacity = 0, backlog = 0;
            int queuedCount = 0, runningCount = 0;
            DateTimeOffset? emptyAt = snapshot.Now;
            var atRisk = new List<string>();
            foreach (var cell in site.Cells)
            {
                var perDay = cell.HoursPerDay * cell.ThroughputFactor;
                capacity += perDay;
                double hours = 0;
                foreach (var job in running[(site.SiteId, cell.CellId)])
                {
                    hours += job.RemainingHours;
                    runningCount++;
                    if (Finish(snapshot.Now, hours, perDay) > job.DueAt)
                    {
                        atRisk.Add(job.OrderId);
                    }
                }

                // Started work the site no longer lists a job for still takes the cell's time.
                hours = Math.Max(hours, cell.RunningBacklogHours);
                foreach (var order in queued[(site.SiteId, cell.CellId)])
                {
                    hours += order.WorkHours + (cell.InstalledDesigns.Contains(order.Design) ? 0 : order.ChangeoverHours);
                    queuedCount++;
                    if (Finish(snapshot.Now, hours, perDay) > order.DueAt)
                    {
                        atRisk.Add(order.OrderId);
                    }
                }

                backlog += hours;
                emptyAt = hours == 0 || emptyAt is null ? emptyAt : Max(emptyAt.Value, Finish(snapshot.Now, hours, perDay));
            }

            views.Add(new SiteLoadView(site.SiteId, site.CityId, site.Status, Math.Round(capacity, 2), Math.Round(backlog, 2),
                capacity > 0 ? Math.Round(backlog / capacity, 3) : 0, queuedCount, runningCount, atRisk.Count, atRisk, emptyAt)
            {
                Connected = site.Connected,
                DisconnectedSince = site.DisconnectedSince,
            });
        }

        return views;
    }

    /// <summary>When a cell clearing <paramref name="perDay"/> work hours a day is through <paramref name="hours"/> of work; MaxValue if never.</summary>
    private static DateTimeOffset Finish(DateTimeOffset now, double hours, double perDay) =>
        perDay <= 0 ? DateTimeOffset.MaxValue : now.AddHours(hours * 24 / perDay);

    private static DateTimeOffset? Max(DateTimeOffset a, DateTimeOffset b)
    {
        var later = a > b ? a : b;
        return later == DateTimeOffset.MaxValue ? null : later;
    }
}
