using Orleans;

namespace Microfactory.Network.Routing;

/// <summary>One cell that could take the order, with its score (lower is better) and what the score is made of.</summary>
[GenerateSerializer]
public sealed record RoutingCandidate(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string CityId,
    [property: Id(2)] string CellId,
    [property: Id(3)] double Score,
    [property: Id(4)] ScoreComponents Components);
