namespace Microfactory.Network.Routing;

/// <summary>
/// What routing needs to know about a site; an upsert replaces the previous snapshot with the same id.
/// <paramref name="Connected"/>: an agent stream is attached and live (see docs/agent-protocol.md): a disconnected
/// site keeps what it has but gets no new work.
/// </summary>
public sealed record SiteSnapshot(string SiteId, string CityId, GeoPoint Location, SiteStatus Status, bool Connected);
