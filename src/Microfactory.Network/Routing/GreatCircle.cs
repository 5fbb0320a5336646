namespace Microfactory.Network.Routing;

/// <summary>Haversine distance. A sphere is accurate to about 0.5 %, far below what a delivery cost can tell apart.</summary>
public static class GreatCircle
{
    /// <summary>IUGG mean Earth radius.</summary>
    public const double EarthRadiusKm = 6371.0088;

    private const double DegreesToRadians = Math.PI / 180.0;

    public static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        var lat1 = a.Latitude * DegreesToRadians;
        var lat2 = b.Latitude * DegreesToRadians;
        var halfDLat = (lat2 - lat1) * 0.5;
        var halfDLon = (b.Longitude - a.Longitude) * DegreesToRadians * 0.5;
        var sinLat = Math.Sin(halfDLat);
        var sinLon = Math.Sin(halfDLon);
        var h = (sinLat * sinLat) + (Math.Cos(lat1) * Math.Cos(lat2) * sinLon * sinLon);

        // Rounding can push h a hair above 1 for antipodal points; Asin would then return NaN.
        return 2.0 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Min(1.0, h)));
    }
}
