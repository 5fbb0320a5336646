using Azure.Storage.Blobs;
using Microfactory.GrainStorage;
using Microfactory.Network;
using Microfactory.Network.Cells;
using Microfactory.Network.Cities;
using Microfactory.Network.Designs;
using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microfactory.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Microfactory.Placement.Benchmarks;

/// <summary>
/// One orchestrator silo (Orleans, localhost clustering) with the network's grains, its grain state in Orleans' memory
/// provider or in Orleans' Azure Blob provider, every storage call counted; seeded through the grains as the API would.
/// </summary>
internal sealed class PlacementNode : IAsyncDisposable
{
    public const string Product = "bracket";
    private const string InnerStorage = "measured";

    private readonly IHost _host;

    private PlacementNode(IHost host) => _host = host;

    public CountingGrainStorage Storage => (CountingGrainStorage)_host.Services.GetRequiredKeyedService<IGrainStorage>(NetworkStorage.Name);

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IReadOnlyList<string> CityIds { get; private set; } = [];

    /// <param name="blobs">Azure Blob Storage for grain state; null: Orleans' memory provider.</param>
    public static async Task<PlacementNode> StartAsync(BlobServiceClient? blobs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddFilter(level => level >= LogLevel.Warning).AddConsole();
        builder.Services.AddMicrofactoryNetwork(backgroundWork: false);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreeTcpPort.Next(), FreeTcpPort.Next());
            silo.UseInMemoryReminderService();
            if (blobs is null)
            {
                silo.AddMemoryGrainStorageWithScan(InnerStorage);
            }
            else
            {
                silo.AddAzureBlobGrainStorageWithScan(InnerStorage, _ => blobs, "grainstate");
            }

            silo.Services.AddGrainStorage(NetworkStorage.Name, (sp, _) => new CountingGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(InnerStorage)));
        });
        var host = builder.Build();
        await host.StartAsync();
        return new PlacementNode(host);
    }

    /// <summary>
    /// <paramref name="cities"/> cities, <paramref name="sites"/> sites spread over them with <paramref name="cellsPerSite"/>
    /// cells each, agents connected: each site's session is held live by a stream's follow loop for as long as the node runs.
    /// </summary>
    public async Task SeedAsync(int cities, int sites, int cellsPerSite)
    {
        CityIds = Enumerable.Range(0, cities).Select(i => $"city-{i:D2}").ToArray();
        for (var i = 0; i < cities; i++)
        {
            await Grains.GetGrain<ICityGrain>(CityIds[i]).DefineAsync(new CityDefinition(CityIds[i], 30 + i, 130 + i, "JP"));
        }

        await Grains.GetGrain<IDesignGrain>(Product).RegisterVersionAsync("1.0.0",
            new DesignDefinition(["cnc"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), null));
        var sessions = _host.Services.GetRequiredService<SiteSessions>();
        var link = _host.Services.GetRequiredService<SiteLink>();
        for (var s = 0; s < sites; s++)
        {
            var siteId = SiteId(s);
            var city = s % cities;
            var cells = Enumerable.Range(1, cellsPerSite)
                .Select(c => new CellDefinition($"cell-{c}", ["cnc"], 24, 1, 100_000, null))
                .ToArray();
            await Grains.GetGrain<ISiteGrain>(siteId).RegisterAsync(new SiteRegistration(siteId, CityIds[city], 30 + city + s * 0.001, 130 + city, cells));
            var session = sessions.Open(siteId, "bench");
            var start = await link.ConnectAsync(siteId, "bench", 0, []);
            _streams.Add(Task.Run(() => HoldStreamAsync(link, session, start.ResumeAfter)));
        }
    }

    /// <summary>
    /// What a connected agent's stream does on its silo, without an agent: the gRPC handler's own follow loop, which
    /// keeps the site's session live (a site counts as connected, and takes work, only while it does). Assignments it
    /// yields go nowhere; no storage write comes of it.
    /// </summary>
    private async Task HoldStreamAsync(SiteLink link, SiteSessions.Session session, long resumeAfter)
    {
        try
        {
            await foreach (var _ in link.FollowAsync(session, resumeAfter, _stopping.Token))
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _streams = [];

    public static string SiteId(int index) => $"site-{index:D3}";

    public Task<OrderSubmitted> SubmitAsync(string idempotencyKey, string cityId)
    {
        var submission = new OrderSubmission(Product, null, 1, DateTimeOffset.UtcNow.AddDays(7), cityId, null);
        return Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey(idempotencyKey))
            .SubmitAsync(submission, OrderIds.Fingerprint(submission), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_streams);
        _stopping.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
