using Microfactory.Grains;
using Microfactory.Network.Cells;
using Microfactory.Network.Cities;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Sites;
using Microfactory.Storage;
using Microfactory.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Network.Tests.Support;

/// <summary>
/// One orchestrator node's domain (grain host, directory, link, recovery) over a given store, without HTTP.
/// Disposing it and making another over the same store is a restart.
/// </summary>
public sealed class NetworkNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public NetworkNode(IBlobStore store, ManualTimeProvider clock, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        Clock = clock;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddSingleton(store);
        services.AddSingleton<TimeProvider>(clock);
        services.AddMicrofactoryNetwork();
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public ManualTimeProvider Clock { get; }

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    public NetworkDirectory Directory => _services.GetRequiredService<NetworkDirectory>();

    public SiteLink Link => _services.GetRequiredService<SiteLink>();

    public OrderRecoveryService Recovery => _services.GetRequiredService<OrderRecoveryService>();

    public IServiceProvider Services => _services;

    public RolloutDriver Rollouts => _services.GetRequiredService<RolloutDriver>();

    public PlanningService Planning => _services.GetRequiredService<PlanningService>();

    public PlanRecoveryService PlanRecovery => _services.GetRequiredService<PlanRecoveryService>();

    public SiteLivenessService Liveness => _services.GetRequiredService<SiteLivenessService>();

    /// <summary>The sessions a gRPC link would hold; tests open and close them as an agent connects and drops.</summary>
    public SiteSessions Sessions => _services.GetRequiredService<SiteSessions>();

    /// <summary>What a node does at start-up before taking traffic: rebuild the directory from the store.</summary>
    public Task StartAsync() => _services.GetRequiredService<DirectoryLoader>().LoadAsync(CancellationToken.None);

    public async Task DefineCityAsync(string id, double latitude, double longitude) =>
        await Grains.GetGrain<ICityGrain>(id).DefineAsync(new CityDefinition(id, latitude, longitude, "JP"));

    public async Task RegisterDesignAsync(string product, string version, params string[] capabilities) =>
        await Grains.GetGrain<IDesignGrain>(product).RegisterVersionAsync(version, new DesignDefinition(capabilities, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(30), null));

    /// <summary>Registers a one-cell site in a city and connects its agent so it takes work.</summary>
    public async Task AddSiteAsync(string siteId, string cityId, double latitude, double longitude, params string[] capabilities)
    {
        await Grains.GetGrain<ISiteGrain>(siteId).RegisterAsync(new SiteRegistration(siteId, cityId, latitude, longitude,
            [new CellDefinition("cell-1", capabilities, 16, 1, 80, null)]));
        Sessions.Open(siteId, "session-1");
        await Link.ConnectAsync(siteId, "session-1", 0, []);
    }

    /// <summary>Osaka and Tokyo with one CNC site each, and a CNC design.</summary>
    public async Task SeedTwoCitiesAsync()
    {
        await DefineCityAsync("osaka", 34.6937, 135.5023);
        await DefineCityAsync("tokyo", 35.6762, 139.6503);
        await RegisterDesignAsync("bracket", "1.0.0", "cnc");
        await AddSiteAsync("osaka-01", "osaka", 34.70, 135.50, "cnc");
        await AddSiteAsync("tokyo-01", "tokyo", 35.68, 139.65, "cnc");
    }

    public Task<OrderSubmitted> SubmitAsync(string key, string deliveryCity = "osaka", string product = "bracket", int quantity = 10)
    {
        var submission = new OrderSubmission(product, null, quantity, Clock.GetUtcNow().AddDays(2), deliveryCity, null);
        return Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey(key)).SubmitAsync(submission, OrderIds.Fingerprint(submission), null);
    }

    public async Task<OrderView> OrderAsync(string key) =>
        await Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey(key)).GetAsync() ?? throw new InvalidOperationException($"order {key} missing");

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
