using Orleans;
using Microfactory.Network.Directory;

namespace Microfactory.Network.Cities;

[GenerateSerializer]
public sealed class CityState
{
    [Id(0)]
    public City? City { get; set; }
}

[GrainType("city")]
public sealed class CityGrain(NetworkDirectory directory, [PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<CityState> state)
    : Grain, ICityGrain
{
    private CityState State => state.State;

    public async Task<City> DefineAsync(CityDefinition definition)
    {
        var name = string.IsNullOrWhiteSpace(definition.Name)
            ? throw new DomainValidationException("name", "'name' is required.")
            : definition.Name.Trim();
        var latitude = definition.Latitude ?? throw new DomainValidationException("latitude", "'latitude' is required.");
        var longitude = definition.Longitude ?? throw new DomainValidationException("longitude", "'longitude' is required.");
        var location = Geo.Point(latitude, longitude);
        var city = new City(this.GetPrimaryKeyString(), name, location, definition.Country);
        if (State.City != city)
        {
            State.City = city;
            await state.WriteStateAsync();
        }

        directory.Share(city);
        return city;
    }

    public Task<City?> GetAsync() => Task.FromResult(State.City);
}
