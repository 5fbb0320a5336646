using Microfactory.Network.Cities;
using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Sites;
using Orleans;

namespace Microfactory.Network.Directory.Cluster;

/// <summary>
/// What one silo's grains published during one batch window, the latest view per id: sent once to every other silo,
/// which applies it to its own read model exactly as its grains' own publications (views carry versions, so a late
/// or repeated batch never moves a read model backwards).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("directory-changes")]
public sealed record DirectoryChanges(
    [property: Id(0)] IReadOnlyList<City> Cities,
    [property: Id(1)] IReadOnlyList<string> RemovedCells,
    [property: Id(2)] IReadOnlyList<SiteView> Sites,
    [property: Id(3)] IReadOnlyList<OrderSummary> Orders,
    [property: Id(4)] IReadOnlyList<RolloutSummary> Rollouts)
{
    public int Count => Cities.Count + RemovedCells.Count + Sites.Count + Orders.Count + Rollouts.Count;

    /// <summary>Cities before sites and sites before orders: each may refer to the one before it.</summary>
    public void ApplyTo(NetworkDirectory directory)
    {
        foreach (var city in Cities)
        {
            directory.Cities.Upsert(city);
        }

        foreach (var cell in RemovedCells)
        {
            directory.Routing.RemoveCell(cell);
        }

        foreach (var site in Sites)
        {
            SitePublisher.Publish(directory, site);
        }

        foreach (var order in Orders)
        {
            directory.Orders.Upsert(order);
        }

        foreach (var rollout in Rollouts)
        {
            directory.Rollouts.Upsert(rollout);
        }
    }
}
