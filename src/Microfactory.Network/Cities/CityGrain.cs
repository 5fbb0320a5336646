using Microfactory.Grains;
using Microfactory.Network.Directory;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Cities;

public sealed class CityState
{
    public City? City { get; set; }

    public Dictionary<string, SiteLoad> Sites { get; set; } = new(StringComparer.Ordinal);
}

public sealed class CityGrain(NetworkDirectory directory, TimeProvider time) : Grain<CityState>, ICityGrain
{
    /// <summary>
    /// Site loads are written at most this often. Every site save reports one, and writing the whole city on each
    /// made the city a serial bottleneck (5,000 sites: calls waited over 30 s for their turn).
    /// </summary>
    public static readonly TimeSpan LoadWriteInterval = TimeSpan.FromSeconds(1);

    private DateTimeOffset _loadsWrittenAt;
    private bool _loadsDirty;
    private bool _flushScheduled;

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
        _loadsDirty = true;
        if (time.GetUtcNow() - _loadsWrittenAt >= LoadWriteInterval)
        {
            await WriteLoadsAsync();
        }
        else if (!_flushScheduled)
        {
            _flushScheduled = true;
            _ = FlushLaterAsync();
        }
    }

    public async Task FlushSiteLoadsAsync()
    {
        _flushScheduled = false;
        if (_loadsDirty)
        {
            await WriteLoadsAsync();
        }
    }

    public override async Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        if (_loadsDirty)
        {
            await WriteLoadsAsync();
        }
    }

    private async Task WriteLoadsAsync()
    {
        _loadsDirty = false;
        _loadsWrittenAt = time.GetUtcNow();
        await WriteStateAsync();
    }

    /// <summary>Outside the turn, then through the grain's own queue, so the write never overlaps another turn.</summary>
    private async Task FlushLaterAsync()
    {
        try
        {
            await Task.Delay(LoadWriteInterval, time).ConfigureAwait(false);
            await GrainRetry.OnConflictAsync(() => GrainFactory.GetGrain<ICityGrain>(PrimaryKey).FlushSiteLoadsAsync()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or Microfactory.Storage.StoreUnavailableException or GrainConflictException)
        {
            // The loads stay in memory and the next report writes them; sites report on every change.
            _flushScheduled = false;
        }
    }

    public Task<IReadOnlyList<SiteLoad>> GetSiteLoadsAsync() =>
        Task.FromResult<IReadOnlyList<SiteLoad>>(State.Sites.Values.OrderBy(s => s.SiteId, StringComparer.Ordinal).ToList());
}
