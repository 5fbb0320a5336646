using Microfactory.Network.Routing;

namespace Microfactory.Network.Directory;

/// <summary>
/// This node's fast, in-memory picture of the network, kept current by the grains after each state write and
/// rebuilt from the store at start-up. Grains stay the truth; this is their published cache.
/// </summary>
public sealed class NetworkDirectory(RoutingIndex routing)
{
    public RoutingIndex Routing { get; } = routing;

    public CityDirectory Cities { get; } = new();

    public SiteCatalog Sites { get; } = new();

    public OrderCatalog Orders { get; } = new();

    public RolloutCatalog Rollouts { get; } = new();
}
