using System.Text.Json.Serialization;
using Orleans;

namespace Microfactory.Network.Routing;

/// <summary>A WGS84 position in decimal degrees. Out-of-range or non-finite coordinates are refused at construction.</summary>
[GenerateSerializer]
[Immutable]
public readonly record struct GeoPoint
{
    // Without this, System.Text.Json would use the implicit parameterless struct constructor and read (0, 0).
    [JsonConstructor]
    public GeoPoint(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be between -90 and 90 degrees.");
        }

        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be between -180 and 180 degrees.");
        }

        Latitude = latitude;
        Longitude = longitude;
    }

    [Id(0)]
    public double Latitude { get; }

    [Id(1)]
    public double Longitude { get; }

    /// <summary>Great-circle distance in kilometres (haversine on a spherical Earth).</summary>
    public double DistanceKmTo(GeoPoint other) => GreatCircle.DistanceKm(this, other);

    public override string ToString() => FormattableString.Invariant($"({Latitude:0.#####}, {Longitude:0.#####})");
}
