using Microfactory.Network.Routing;

namespace Microfactory.Network.Cities;

/// <summary>What a planner sends to define a city.</summary>
public sealed record CityDefinition(string? Name, double? Latitude, double? Longitude, string? Country);

/// <summary>A city orders are delivered to and sites stand in.</summary>
public sealed record City(string Id, string Name, GeoPoint Location, string? Country);

/// <summary>A site's load as it last reported it to its city.</summary>
public sealed record SiteLoad(
    string SiteId,
    SiteStatus Status,
    bool Connected,
    double CapacityHoursPerDay,
    double BacklogHours,
    int QueuedJobs,
    int RunningJobs,
    DateTimeOffset ReportedAt);
