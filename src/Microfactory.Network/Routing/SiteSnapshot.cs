namespace Microfactory.Network.Routing;

/// <summary>What routing needs to know about a site; an upsert replaces the previous snapshot with the same id.</summary>
public sealed record SiteSnapshot(string SiteId, string CityId, GeoPoint Location, SiteStatus Status);
