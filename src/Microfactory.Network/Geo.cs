using Microfactory.Network.Routing;

namespace Microfactory.Network;

internal static class Geo
{
    /// <summary>A validated point, with the domain's error for out-of-range coordinates.</summary>
    public static GeoPoint Point(double latitude, double longitude)
    {
        if (double.IsNaN(latitude) || latitude is < -90 or > 90)
        {
            throw new DomainValidationException("latitude", $"'latitude' must be between -90 and 90 (got {latitude}).");
        }

        if (double.IsNaN(longitude) || longitude is < -180 or > 180)
        {
            throw new DomainValidationException("longitude", $"'longitude' must be between -180 and 180 (got {longitude}).");
        }

        return new GeoPoint(latitude, longitude);
    }
}
