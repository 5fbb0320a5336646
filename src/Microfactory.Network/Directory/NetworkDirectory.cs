using Microfactory.Network.Cities;
using Microfactory.Network.Directory.Cluster;
using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Directory;

/// <summary>
/// This node's fast, in-memory picture of the network, kept current by the grains after each state write (on this
/// silo directly, from other silos through <see cref="ClusterDirectoryFeed"/>) and rebuilt from the store at
/// start-up. Grains stay the truth; this is their published cache.
/// </summary>
public sealed class NetworkDirectory(RoutingIndex routing)
{
    public RoutingIndex Routing { get; } = routing;

    public CityDirectory Cities { get; } = new();

    public SiteCatalog Sites { get; } = new();

    public OrderCatalog Orders { get; } = new();

    public RolloutCatalog Rollouts { get; } = new();

    /// <summary>This silo's grains' publications on their way to the other silos.</summary>
    public DirectoryOutgoing Outgoing { get; } = new();

    /// <summary>A grain on this silo wrote: applied here at once, and to every other silo with the next batch.</summary>
    public void Share(OrderSummary order)
    {
        Orders.Upsert(order);
        Outgoing.Add(order);
    }

    /// <inheritdoc cref="Share(OrderSummary)"/>
    public void Share(City city)
    {
        Cities.Upsert(city);
        Outgoing.Add(city);
    }

    /// <inheritdoc cref="Share(OrderSummary)"/>
    public void Share(RolloutSummary rollout)
    {
        Rollouts.Upsert(rollout);
        Outgoing.Add(rollout);
    }

    /// <summary>A site dropped a cell: gone from routing here at once, and on every other silo with the next batch.</summary>
    public void ShareRemovedCell(string cellKey)
    {
        Routing.RemoveCell(cellKey);
        Outgoing.RemoveCell(cellKey);
    }
}
