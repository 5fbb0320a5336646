using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Orchestrator.Api;

namespace Microfactory.Orchestrator.Demo;

/// <summary>The numbers the demo shows at one moment.</summary>
public sealed record DemoSnapshot(
    DateTimeOffset At,
    IReadOnlyList<(OrderStatus Status, int Count)> Orders,
    IReadOnlyList<(string City, double Utilisation)> Cities,
    int Sites,
    int SitesOnline,
    int AgentsConnected,
    int SitesDraining,
    IReadOnlyList<string> Rebalances,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Gathers the demo's figures. The only place the demo view reads the network, through the same services the API
/// answers from (the directory's read model and the city loads), so a change underneath touches this class alone.
/// </summary>
public sealed class DemoFigures(NetworkDirectory directory, CityLoadQuery cities, DemoActivity activity, TimeProvider time)
{
    public int CityCount => directory.Cities.All().Count;

    public async Task<DemoSnapshot> GatherAsync()
    {
        var counts = directory.Orders.All().GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
        var sites = directory.Sites.All();
        var loads = await cities.AllAsync();
        return new DemoSnapshot(
            time.GetUtcNow(),
            Enum.GetValues<OrderStatus>().Select(s => (s, counts.GetValueOrDefault(s))).ToList(),
            loads.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => (c.Id, c.Utilisation)).ToList(),
            sites.Count,
            sites.Count(s => s.Status == Network.Routing.SiteStatus.Online),
            sites.Count(s => s.Connected),
            sites.Count(s => s.Draining),
            activity.Rebalances,
            activity.Warnings);
    }
}
