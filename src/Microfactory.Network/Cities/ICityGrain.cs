using Orleans;
using Orleans.Concurrency;

namespace Microfactory.Network.Cities;

/// <summary>A city (keyed by city id): its definition and the load its sites report to it one way.</summary>
[Alias("city")]
public interface ICityGrain : IGrainWithStringKey
{
    Task<City> DefineAsync(CityDefinition definition);

    Task<City?> GetAsync();

    /// <summary>Called by sites one way (the call returns at once), so City never blocks a Site.</summary>
    [OneWay]
    Task ReportSiteLoadAsync(SiteLoad load);

    Task<IReadOnlyList<SiteLoad>> GetSiteLoadsAsync();
}
