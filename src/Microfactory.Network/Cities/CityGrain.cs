using Microfactory.Grains;
using Microfactory.Network.Directory;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Cities;

public sealed class CityState
{
    public City? City { get; set; }

    public Dictionary<string, SiteLoad> Sites { get; set; } = new(StringComparer.Ordinal);
}

public sealed class CityGrain(NetworkDirectory directory) : Grain<CityState>, ICityGrain
{
    public async Task<City> DefineAsync(CityDefinition definition)
    {
        var name = string.IsNullOrWhiteSpace(definition.Name)
            ? throw new DomainValidationException("name", "'name' is required.")
            : definition.Name.Trim();
        var latitude = definition.Latitude ?? throw new DomainValidationException("latitude", "'latitude' is required.");
        var longitude = definition.Longitude ?? throw new DomainValidationException("longitude", "'longitude' is required.");
        var location = Geo.Point(latitude, longitude);
        var city = new City(PrimaryKey, name, location, definition.Country);
        if (State.City != city)
        {
            State.City = city;
            await WriteStateAsync();
        }

        directory.Cities.Upsert(city);
        return city;
    }

    public Task<City?> GetAsync() => Task.FromResult(State.City);

    public async Task ReportSiteLoadAsync(SiteLoad load)
    {
        if (State.Sites.TryGetValue(load.SiteId, out var previous) && previous.ReportedAt > load.ReportedAt)
        {
            return; // reports may arrive out of order; keep the newest
        }

        State.Sites[load.SiteId] = load;
        await WriteStateAsync();
    }

    public Task<IReadOnlyList<SiteLoad>> GetSiteLoadsAsync() =>
        Task.FromResult<IReadOnlyList<SiteLoad>>(State.Sites.Values.OrderBy(s => s.SiteId, StringComparer.Ordinal).ToList());
}
