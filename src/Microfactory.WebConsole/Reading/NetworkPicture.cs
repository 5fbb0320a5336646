using Microfactory.Network.Kpis;
using Microsoft.Extensions.Options;
using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;

namespace Microfactory.WebConsole.Reading;

/// <summary>A city with the load of its sites: utilisation is backlog hours over one day of capacity, as in the API.</summary>
public sealed record CityPicture(string Id, string Name, GeoPoint Location, int Sites, int SitesOnline, double CapacityHoursPerDay, double BacklogHours)
{
    public double Utilisation => CapacityHoursPerDay > 0 ? BacklogHours / CapacityHoursPerDay : 0;
}

/// <summary>A site as the network page lists it, at <paramref name="At"/>.</summary>
public sealed record SitePicture(SiteView Site, DateTimeOffset At)
{
    public double Utilisation => Site.CapacityHoursPerDay > 0 ? Site.BacklogHours / Site.CapacityHoursPerDay : 0;

    public int CellsUp => Site.Cells.Count(c => c.State is CellState.Idle or CellState.Busy);

    /// <summary>Cells whose operator gate is closed: someone must confirm the machine is clear before their next job.</summary>
    public IReadOnlyList<string> WaitingForOperator => [.. Site.Cells.Where(c => c.AwaitingOperator).Select(c => c.Id)];

    /// <summary>Cells inside a planned maintenance window now: routing sends them nothing until it ends.</summary>
    public IReadOnlyList<MaintenanceWindowPicture> InMaintenance =>
        [.. Site.Cells.Where(c => c.Maintenance is { } m && m.From <= At && At < m.Until).Select(c => new MaintenanceWindowPicture(c.Id, c.Maintenance!.Until, c.Maintenance.Reason))];

    /// <summary>Since when the agent is away (null while connected or if it never connected).</summary>
    public DateTimeOffset? DisconnectedSince => Site.Connected ? null : Site.DisconnectedSince ?? Site.LastSeen;

    /// <summary>What a planner needs to know first: whether the site takes work and whether its agent is there.</summary>
    public SiteCondition Condition => Site switch
    {
        { Status: SiteStatus.Draining } => SiteCondition.Draining,
        { Status: SiteStatus.Offline } => SiteCondition.Lost,
        { Connected: false } => SiteCondition.Disconnected,
        _ => SiteCondition.Online,
    };
}

/// <summary>A cell in maintenance: until when, and why.</summary>
public sealed record MaintenanceWindowPicture(string CellId, DateTimeOffset Until, string Reason);

public enum SiteCondition
{
    Online,

    /// <summary>The agent is away (no live stream), but not yet for lost_after: the site keeps its queue and gets no new work.</summary>
    Disconnected,

    /// <summary>Away past lost_after: its queued orders moved elsewhere.</summary>
    Lost,

    Draining,
}

/// <summary>The whole network at one moment, from this node's read models only (no grain is called).</summary>
public sealed record NetworkPicture(
    DateTimeOffset At,
    IReadOnlyList<CityPicture> Cities,
    IReadOnlyList<SitePicture> Sites,
    IReadOnlyDictionary<OrderStatus, int> Orders,
    KpiTotals Kpis)
{
    /// <summary>The window <see cref="Kpis"/> covers, ending at <see cref="At"/> (GET /api/kpis' default).</summary>
    public static readonly TimeSpan KpiWindow = TimeSpan.FromDays(30);

    public int SitesOnline => Sites.Count(s => s.Site.Status == SiteStatus.Online);

    public int AgentsConnected => Sites.Count(s => s.Site.Connected);
}

/// <summary>Reads the network page's picture from the directory the API's listings answer from.</summary>
public sealed class NetworkReader(NetworkDirectory directory, TimeProvider time, IOptions<KpiOptions> kpis)
{
    public NetworkPicture Read()
    {
        var now = time.GetUtcNow();
        var sites = directory.Sites.All().Select(s => new SitePicture(s, now)).ToList();
        var byCity = sites.ToLookup(s => s.Site.CityId, StringComparer.Ordinal);
        var cities = directory.Cities.All().Select(c =>
        {
            var here = byCity[c.Id].ToList();
            return new CityPicture(c.Id, c.Name, c.Location, here.Count, here.Count(s => s.Site.Status == SiteStatus.Online),
                here.Sum(s => s.Site.CapacityHoursPerDay), here.Sum(s => s.Site.BacklogHours));
        }).ToList();
        var orders = directory.Orders.All().GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
        var totals = KpiCalculator.For(directory, kpis.Value).Report(directory.Orders.All(), now - NetworkPicture.KpiWindow, now).Network;
        return new NetworkPicture(now, cities, sites, orders, totals);
    }
}
