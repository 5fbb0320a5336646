using Microfactory.Grains;
using Microfactory.Network;
using Microfactory.Network.Cells;
using Microfactory.Network.Cities;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microfactory.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Placement.Benchmarks;

/// <summary>One orchestrator node's domain over a store, seeded through the grains as the API would.</summary>
internal sealed class PlacementNode : IAsyncDisposable
{
    public const string Product = "bracket";

    private readonly ServiceProvider _services;

    public PlacementNode(IBlobStore store, IStateStore states)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(store);
        services.AddSingleton(states);
        services.AddMicrofactoryNetwork();
        _services = services.BuildServiceProvider();
    }

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    public IReadOnlyList<string> CityIds { get; private set; } = [];

    /// <summary><paramref name="cities"/> cities, <paramref name="sites"/> sites spread over them with <paramref name="cellsPerSite"/> cells each, agents connected.</summary>
    public async Task SeedAsync(int cities, int sites, int cellsPerSite)
    {
        CityIds = Enumerable.Range(0, cities).Select(i => $"city-{i:D2}").ToArray();
        for (var i = 0; i < cities; i++)
        {
            await Grains.GetGrain<ICityGrain>(CityIds[i]).DefineAsync(new CityDefinition(CityIds[i], 30 + i, 130 + i, "JP"));
        }

        await Grains.GetGrain<IDesignGrain>(Product).RegisterVersionAsync("1.0.0",
            new DesignDefinition(["cnc"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), null));
        var sessions = _services.GetRequiredService<SiteSessions>();
        var link = _services.GetRequiredService<SiteLink>();
        for (var s = 0; s < sites; s++)
        {
            var siteId = $"site-{s:D3}";
            var city = s % cities;
            var cells = Enumerable.Range(1, cellsPerSite)
                .Select(c => new CellDefinition($"cell-{c}", ["cnc"], 24, 1, 100_000, null))
                .ToArray();
            await Grains.GetGrain<ISiteGrain>(siteId).RegisterAsync(new SiteRegistration(siteId, CityIds[city], 30 + city + s * 0.001, 130 + city, cells));
            sessions.Open(siteId, "bench");
            await link.ConnectAsync(siteId, "bench", 0, []);
        }
    }

    public Task<OrderSubmitted> SubmitAsync(string idempotencyKey, string cityId)
    {
        var submission = new OrderSubmission(Product, null, 1, DateTimeOffset.UtcNow.AddDays(7), cityId, null);
        return Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey(idempotencyKey))
            .SubmitAsync(submission, OrderIds.Fingerprint(submission), null);
    }

    /// <summary>What a node that did not seed does at start-up: load the network's read model from the store.</summary>
    public async Task LoadAsync(IReadOnlyList<string> cityIds)
    {
        await _services.GetRequiredService<DirectoryLoader>().LoadAsync(CancellationToken.None);
        CityIds = cityIds;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
