namespace Microfactory.Network.Routing;

/// <summary>Where an order goes. The city id keys the cached distances from that city to every site.</summary>
public sealed record DeliveryLocation(string CityId, GeoPoint Location);
