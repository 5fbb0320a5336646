using Microfactory.Network.Planning;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Planning;

/// <summary>
/// Recomputes, straight from the snapshot and the plan's moves, what the plan leads to under the documented model
/// (docs/planning.md): a cell runs its running work, then its remaining queue in order, then the orders moved to it
/// by due date and id. Written apart from the planner so a test can catch the planner's own arithmetic.
/// </summary>
internal sealed class IndependentOutcome
{
    public required Dictionary<string, double> UtilisationBefore { get; init; }

    public required Dictionary<string, double> UtilisationAfter { get; init; }

    public required Dictionary<string, double> LateHoursBefore { get; init; }

    public required Dictionary<string, double> LateHoursAfter { get; init; }

    public required Dictionary<string, DateTimeOffset> FinishAfter { get; init; }

    public static IndependentOutcome Of(NetworkSnapshot snapshot, RebalanceRequest request, RebalancePlan plan)
    {
        var scoped = snapshot.Sites.Where(s => request.CityIds is not { Count: > 0 } || request.CityIds.Contains(s.CityId)).ToList();
        var scopedIds = scoped.Select(s => s.SiteId).ToHashSet();
        var orders = snapshot.Orders.Where(o => scopedIds.Contains(o.SiteId)).ToList();
        var moves = plan.Moves.ToDictionary(m => m.OrderId);
        var before = Place(snapshot, scoped, orders, new Dictionary<string, PlannedMove>(), request);
        var after = Place(snapshot, scoped, orders, moves, request);
        return new IndependentOutcome
        {
            UtilisationBefore = before.Utilisation,
            UtilisationAfter = after.Utilisation,
            LateHoursBefore = before.Late,
            LateHoursAfter = after.Late,
            FinishAfter = after.Finish,
        };
    }

    private static (Dictionary<string, double> Utilisation, Dictionary<string, double> Late, Dictionary<string, DateTimeOffset> Finish) Place(
        NetworkSnapshot snapshot,
        List<PlanningSite> sites,
        List<QueuedOrder> orders,
        Dictionary<string, PlannedMove> moves,
        RebalanceRequest request)
    {
        var utilisation = new Dictionary<string, double>();
        var late = new Dictionary<string, double>();
        var finish = new Dictionary<string, DateTimeOffset>();
        foreach (var site in sites)
        {
            double backlog = 0;
            foreach (var cell in site.Cells)
            {
                var stays = orders.Where(o => o.SiteId == site.SiteId && o.CellId == cell.CellId && !moves.ContainsKey(o.OrderId));
                var arrives = orders
                    .Where(o => moves.TryGetValue(o.OrderId, out var m) && m.ToSiteId == site.SiteId && m.ToCellId == cell.CellId)
                    .OrderBy(o => o.DueAt).ThenBy(o => o.OrderId, StringComparer.Ordinal);
                var hours = cell.RunningBacklogHours;
                foreach (var order in stays.Concat(arrives))
                {
                    hours += order.WorkHours + (cell.InstalledDesigns.Contains(order.Design) ? 0 : order.ChangeoverHours);
                    var done = snapshot.Now + TimeSpan.FromHours(hours * 24 / (cell.HoursPerDay * cell.ThroughputFactor));
                    finish[order.OrderId] = done;
                    late[order.OrderId] = Math.Max(0, (done - order.DueAt).TotalHours);
                }

                backlog += hours;
            }

            var capacity = site.Cells.Sum(c => c.HoursPerDay * c.ThroughputFactor) * request.Horizon.TotalDays;
            utilisation[site.SiteId] = capacity > 0 ? backlog / capacity : 0;
        }

        return (utilisation, late, finish);
    }

    public static double Km(NetworkSnapshot snapshot, string siteId, QueuedOrder order) =>
        GreatCircle.DistanceKm(snapshot.Sites.Single(s => s.SiteId == siteId).Location, order.Delivery.Location);
}
