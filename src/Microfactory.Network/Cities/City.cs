using Microfactory.Network.Routing;
using Orleans;

namespace Microfactory.Network.Cities;

/// <summary>What a planner sends to define a city.</summary>
[GenerateSerializer]
public sealed record CityDefinition([property: Id(0)] string? Name, [property: Id(1)] double? Latitude, [property: Id(2)] double? Longitude, [property: Id(3)] string? Country);

/// <summary>A city orders are delivered to and sites stand in.</summary>
[GenerateSerializer]
public sealed record City([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] GeoPoint Location, [property: Id(3)] string? Country);

/// <summary>A site's load as it last reported it to its city.</summary>
[GenerateSerializer]
public sealed record SiteLoad(
    [property: Id(0)] string SiteId,
    [property: Id(1)] SiteStatus Status,
    [property: Id(2)] bool Connected,
    [property: Id(3)] double CapacityHoursPerDay,
    [property: Id(4)] double BacklogHours,
    [property: Id(5)] int QueuedJobs,
    [property: Id(6)] int RunningJobs,
    [property: Id(7)] DateTimeOffset ReportedAt);
