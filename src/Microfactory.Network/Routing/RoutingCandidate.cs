namespace Microfactory.Network.Routing;

/// <summary>One cell that could take the order, with its score (lower is better) and what the score is made of.</summary>
public sealed record RoutingCandidate(
    string SiteId,
    string CityId,
    string CellId,
    double Score,
    ScoreComponents Components);
