using System.Collections.Concurrent;

namespace Microfactory.Network.Routing;

/// <summary>
/// Distances from each delivery city to every site, indexed by site slot, and the site slots nearest first (what
/// lets a route stop early). Computed once per city and reused until
/// the site geometry changes (a site added, removed or moved) or the city's point differs from the cached one.
/// Readers may race to fill an entry; each computes the same array and the last write wins, which is harmless.
/// </summary>
internal sealed class DistanceCache
{
    /// <summary>Bounds memory if callers send ever-new city ids; beyond it, distances are computed per request.</summary>
    public const int MaxCities = 10_000;

    private readonly ConcurrentDictionary<string, CityDistances> _byCity = new(StringComparer.Ordinal);

    public CityDistances Get(DeliveryLocation delivery, long geometryVersion, ReadOnlySpan<SiteRow> sites)
    {
        if (_byCity.TryGetValue(delivery.CityId, out var cached)
            && cached.GeometryVersion == geometryVersion
            && cached.Point == delivery.Location)
        {
            return cached;
        }

        var km = new double[sites.Length];
        var nearestFirst = new int[sites.Length];
        for (var slot = 0; slot < sites.Length; slot++)
        {
            km[slot] = GreatCircle.DistanceKm(delivery.Location, sites[slot].Location);
            nearestFirst[slot] = slot;
        }

        var keys = (double[])km.Clone();
        Array.Sort(keys, nearestFirst);
        var distances = new CityDistances(delivery.Location, geometryVersion, km, nearestFirst);
        if (_byCity.Count < MaxCities || _byCity.ContainsKey(delivery.CityId))
        {
            _byCity[delivery.CityId] = distances;
        }

        return distances;
    }
}

/// <summary>Kilometres from one delivery point to each site slot, and the slots in order of that distance.</summary>
internal sealed record CityDistances(GeoPoint Point, long GeometryVersion, double[] Km, int[] SlotsNearestFirst);
