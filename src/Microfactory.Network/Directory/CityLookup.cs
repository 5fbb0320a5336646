using Microfactory.Network.Cities;
using Orleans;

namespace Microfactory.Network.Directory;

public static class CityLookup
{
    /// <summary>
    /// Whether the city is defined: this silo's read model first, then the city grain itself, since a city defined on
    /// another silo a moment ago may not have reached this read model yet (the read model proposes, the grain decides).
    /// A city learned that way goes into the read model at once, for the routing that follows.
    /// </summary>
    public static async Task<bool> KnowsCityAsync(this NetworkDirectory directory, IGrainFactory grains, string cityId)
    {
        if (directory.Cities.TryGet(cityId, out _))
        {
            return true;
        }

        if (await grains.GetGrain<ICityGrain>(cityId).GetAsync() is not { } city)
        {
            return false;
        }

        directory.Cities.Upsert(city);
        return true;
    }
}
