using Microfactory.Grains;

namespace Microfactory.Network.Cities;

/// <summary>A city (keyed by city id): its definition and the load its sites report to it one way.</summary>
[GrainType("city")]
public interface ICityGrain : IGrainWithStringKey
{
    Task<City> DefineAsync(CityDefinition definition);

    Task<City?> GetAsync();

    /// <summary>Called by sites, never awaited inside their turn, so City never blocks a Site.</summary>
    Task ReportSiteLoadAsync(SiteLoad load);

    Task<IReadOnlyList<SiteLoad>> GetSiteLoadsAsync();

    /// <summary>Writes site loads reported since the last write; the grain calls it on itself (loads are written at most once a second).</summary>
    Task FlushSiteLoadsAsync();
}
