using Orleans;

namespace Microfactory.Network.Cities;

/// <summary>
/// A city (keyed by city id): its definition. Its load is the sum of its sites' as every silo's read model shows them
/// (the sites publish after each write), so no site waits on its city and no city is written per placement.
/// </summary>
[Alias("city")]
public interface ICityGrain : IGrainWithStringKey
{
    Task<City> DefineAsync(CityDefinition definition);

    Task<City?> GetAsync();
}
