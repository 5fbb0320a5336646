using Orleans;
using Microfactory.Network.Directory;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Cities;

[GenerateSerializer]
public sealed class CityState
{
    [Id(0)]
    public City? City { get; set; }

    [Id(1)]
    public Dictionary<string, SiteLoad> Sites { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("city")]
public sealed class CityGrain(NetworkDirectory directory, TimeProvider time, [PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<CityState> state)
    : Grain, ICityGrain
{
    private CityState State => state.State;

    private string PrimaryKey => this.GetPrimaryKeyString();

    /// <summary>
    /// Site loads are written at most this often. Every site save reports one, and writing the whole city on each
    /// made the city a serial bottleneck (5,000 sites: calls waited over 30 s for their turn).
    /// </summary>
    public static readonly TimeSpan LoadWriteInterval = TimeSpan.FromSeconds(1);

    private DateTimeOffset _loadsWrittenAt;
    private bool _loadsDirty;
    private IGrainTimer? _flush;

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
            await state.WriteStateAsync();
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
        else
        {
            // One write for every report that arrives within the interval; the timer runs in the grain's own turn.
            _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(LoadWriteInterval, Timeout.InfiniteTimeSpan));
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_loadsDirty)
        {
            await WriteLoadsAsync();
        }
    }

    public Task<IReadOnlyList<SiteLoad>> GetSiteLoadsAsync() =>
        Task.FromResult<IReadOnlyList<SiteLoad>>(State.Sites.Values.OrderBy(s => s.SiteId, StringComparer.Ordinal).ToList());

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flush?.Dispose();
        _flush = null;
        if (_loadsDirty)
        {
            await WriteLoadsAsync();
        }
    }

    private async Task WriteLoadsAsync()
    {
        _loadsDirty = false;
        _loadsWrittenAt = time.GetUtcNow();
        await state.WriteStateAsync();
    }
}
