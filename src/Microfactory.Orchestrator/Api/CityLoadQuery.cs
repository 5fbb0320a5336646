using Orleans;
using Microfactory.Network.Cities;
using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Routing;

namespace Microfactory.Orchestrator.Api;

/// <summary>
/// A city's load. Utilisation is backlog hours over one day of capacity: 0.5 means half a day of work is queued,
/// above 1 more than a day is.
/// </summary>
public sealed record CityLoadView(
    string Id,
    string Name,
    GeoPoint Location,
    string? Country,
    int Sites,
    int SitesOnline,
    double CapacityHoursPerDay,
    double BacklogHours,
    double Utilisation,
    IReadOnlyDictionary<OrderStatus, int> OrdersAtSites,
    IReadOnlyDictionary<OrderStatus, int> OrdersDeliveredHere,
    int OrdersAtRisk);

public sealed class CityLoadQuery(IGrainFactory grains, NetworkDirectory directory, LiveSnapshotBuilder snapshots)
{
    public async Task<IReadOnlyList<CityLoadView>> AllAsync()
    {
        var counts = await CountAsync();
        var views = new List<CityLoadView>();
        foreach (var city in directory.Cities.All())
        {
            views.Add(await BuildAsync(city, counts));
        }

        return views;
    }

    public async Task<CityLoadView> OneAsync(City city) => await BuildAsync(city, await CountAsync());

    private async Task<CityLoadView> BuildAsync(City city, OrderCounts counts)
    {
        var loads = await grains.GetGrain<ICityGrain>(city.Id).GetSiteLoadsAsync();
        var capacity = loads.Sum(l => l.CapacityHoursPerDay);
        var backlog = loads.Sum(l => l.BacklogHours);
        return new CityLoadView(
            city.Id,
            city.Name,
            city.Location,
            city.Country,
            loads.Count,
            loads.Count(l => l.Status == SiteStatus.Online),
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
