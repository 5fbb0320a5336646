using Microfactory.Network.Cities;
using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Routing;

namespace Microfactory.Orchestrator.Api;

/// <summary>
/// A city's load. Utilisation is backlog hours over one day of capacity: 0.5 means half a day of work is queued,
/// above 1 more than a day is. <c>SitesConnected</c> counts the sites whose agent is connected: only an online,
/// connected site gets new work.
/// </summary>
public sealed record CityLoadView(
    string Id,
    string Name,
    GeoPoint Location,
    string? Country,
    int Sites,
    int SitesOnline,
    int SitesConnected,
    double CapacityHoursPerDay,
    double BacklogHours,
    double Utilisation,
    IReadOnlyDictionary<OrderStatus, int> OrdersAtSites,
    IReadOnlyDictionary<OrderStatus, int> OrdersDeliveredHere,
    int OrdersAtRisk);

public sealed class CityLoadQuery(NetworkDirectory directory, LiveSnapshotBuilder snapshots)
{
    public async Task<IReadOnlyList<CityLoadView>> AllAsync()
    {
        var counts = await CountAsync();
        var views = new List<CityLoadView>();
        foreach (var city in directory.Cities.All())
        {
            views.Add(Build(city, counts));
        }

        return views;
    }

    public async Task<CityLoadView> OneAsync(City city) => Build(city, await CountAsync());

    // The city's sites as this silo's read model has them (each site publishes after its writes).
    private CityLoadView Build(City city, OrderCounts counts)
    {
        var loads = directory.Sites.All().Where(s => s.CityId == city.Id).ToList();
        var capacity = loads.Sum(l => l.CapacityHoursPerDay);
        var backlog = loads.Sum(l => l.BacklogHours);
        return new CityLoadView(
            city.Id,
            city.Name,
            city.Location,
            city.Country,
            loads.Count,
            loads.Count(l => l.Status == SiteStatus.Online),
            loads.Count(l => l.Connected),
            Math.Round(capacity, 2),
            Math.Round(backlog, 2),
            capacity > 0 ? Math.Round(backlog / capacity, 3) : 0,
            counts.AtSites.GetValueOrDefault(city.Id) ?? [],
            counts.Delivered.GetValueOrDefault(city.Id) ?? [],
            counts.AtRisk.GetValueOrDefault(city.Id));
    }

    private async Task<OrderCounts> CountAsync()
    {
        // At risk: predicted to finish after the due date where it is queued or running (docs/planning.md).
        var atRisk = SiteLoads.Compute(await snapshots.BuildAsync()).GroupBy(s => s.CityId)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.OrdersAtRisk), StringComparer.Ordinal);
        var atSites = new Dictionary<string, Dictionary<OrderStatus, int>>(StringComparer.Ordinal);
        var delivered = new Dictionary<string, Dictionary<OrderStatus, int>>(StringComparer.Ordinal);
        foreach (var order in directory.Orders.All())
        {
            if (order.SiteCityId is { } siteCity)
            {
                Increment(atSites, siteCity, order.Status);
            }

            Increment(delivered, order.DeliveryCityId, order.Status);
        }

        return new OrderCounts(atSites, delivered, atRisk);
    }

    private static void Increment(Dictionary<string, Dictionary<OrderStatus, int>> counts, string city, OrderStatus status)
    {
        if (!counts.TryGetValue(city, out var byStatus))
        {
            counts[city] = byStatus = [];
        }

        byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
    }

    private sealed record OrderCounts(
        Dictionary<string, Dictionary<OrderStatus, int>> AtSites,
        Dictionary<string, Dictionary<OrderStatus, int>> Delivered,
        Dictionary<string, int> AtRisk);
}
