using Microfactory.Network.Routing;
using Orleans;

namespace Microfactory.Network.Cities;

/// <summary>What a planner sends to define a city.</summary>
[GenerateSerializer]
[Immutable]
public sealed record CityDefinition([property: Id(0)] string? Name, [property: Id(1)] double? Latitude, [property: Id(2)] double? Longitude, [property: Id(3)] string? Country);

/// <summary>A city orders are delivered to and sites stand in.</summary>
[GenerateSerializer]
[Immutable]
public sealed record City([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] GeoPoint Location, [property: Id(3)] string? Country);
