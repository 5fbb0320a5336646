using Microfactory.GrainStorage;
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
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace Microfactory.Network.Tests.Support;

/// <summary>
/// One orchestrator node's domain without HTTP: a real Orleans silo (localhost clustering on free ports) hosting the
/// network's grains, with grain state in <paramref name="store"/> through the embedded provider. Its background work
/// does not run on its own: tests drive it (load, recovery passes, liveness sweeps) and move the clock. Disposing it
/// and starting another over the same store is a restart.
/// </summary>
public sealed class NetworkNode : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly HashSet<string> _agents = new(StringComparer.Ordinal);

    private NetworkNode(IHost host, ManualTimeProvider clock)
    {
        _host = host;
        Clock = clock;
    }

    /// <summary>Starts a node; tests that do not await it use <see cref="Start"/>.</summary>
    public static async Task<NetworkNode> StartNodeAsync(IBlobStore store, ManualTimeProvider clock, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddMicrofactoryNetwork(backgroundWork: false);
        configure?.Invoke(builder.Services);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreeTcpPort.Next(), FreeTcpPort.Next());
            silo.UseInMemoryReminderService();
            silo.AddBlobStoreGrainStorage(NetworkStorage.Name, _ => store, "the test's store");
            silo.RunRuntimeOnSystemClock();
        });
        var host = builder.Build();
        await host.StartAsync().Within("the silo to start");
        return new NetworkNode(host, clock);
    }

    /// <summary>The same as <see cref="StartNodeAsync"/>, for constructors and other places that cannot await.</summary>
    public static NetworkNode Start(IBlobStore store, ManualTimeProvider clock, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null) =>
        StartNodeAsync(store, clock, settings, configure).GetAwaiter().GetResult();

    public ManualTimeProvider Clock { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public NetworkDirectory Directory => _host.Services.GetRequiredService<NetworkDirectory>();

    public SiteLink Link => _host.Services.GetRequiredService<SiteLink>();

    /// <summary>The cluster's order recovery, which its timer and reminder run on their own.</summary>
    public IOrderRecoveryGrain Recovery => Grains.GetGrain<IOrderRecoveryGrain>(IOrderRecoveryGrain.Key);

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// One step of every active rollout, as each one's own timer makes every poll interval; a step that fails is
    /// reported back, as the grain would log it and try again at its next tick.
    /// </summary>
    public async Task<IReadOnlyList<Exception>> StepRolloutsAsync()
    {
        var failures = new List<Exception>();
        foreach (var id in Directory.Rollouts.Active())
        {
            try
            {
                await Grains.GetGrain<IRolloutGrain>(id).AdvanceAsync();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        return failures;
    }

    /// <summary>What a node does once its directory is loaded: wake the grains that carry on by themselves.</summary>
    public Task WakeAsync() => _host.Services.GetRequiredService<StartupWake>().WakeAsync(CancellationToken.None);

    public PlanningService Planning => _host.Services.GetRequiredService<PlanningService>();

    public PlanRecoveryService PlanRecovery => _host.Services.GetRequiredService<PlanRecoveryService>();

    /// <summary>
    /// Every site's liveness check now, as each site's own timer runs it; returns the orders the lost sites told to
    /// move (they move one way, in their own turns: await what a test expects of them).
    /// </summary>
    public async Task<IReadOnlyList<string>> CheckLivenessAsync()
    {
        var told = new List<string>();
        foreach (var site in Directory.Sites.All())
        {
            told.AddRange(await Grains.GetGrain<ISiteGrain>(site.Id).CheckLivenessAsync());
        }

        return told;
    }

    /// <summary>The sessions a gRPC link would hold; tests open and close them as an agent connects and drops.</summary>
    public SiteSessions Sessions => _host.Services.GetRequiredService<SiteSessions>();

    /// <summary>What a node does at start-up before taking traffic: rebuild the directory from the store.</summary>
    public Task StartAsync() => _host.Services.GetRequiredService<DirectoryLoader>().LoadAsync(CancellationToken.None);

    public async Task DefineCityAsync(string id, double latitude, double longitude) =>
        await Grains.GetGrain<ICityGrain>(id).DefineAsync(new CityDefinition(id, latitude, longitude, "JP"));

    public async Task RegisterDesignAsync(string product, string version, params string[] capabilities) =>
        await Grains.GetGrain<IDesignGrain>(product).RegisterVersionAsync(version, new DesignDefinition(capabilities, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(30), null));

    /// <summary>Registers a one-cell site in a city and connects its agent so it takes work.</summary>
    public async Task AddSiteAsync(string siteId, string cityId, double latitude, double longitude, params string[] capabilities)
    {
        await Grains.GetGrain<ISiteGrain>(siteId).RegisterAsync(new SiteRegistration(siteId, cityId, latitude, longitude,
            [new CellDefinition("cell-1", capabilities, 16, 1, 80, null)]));
        await ConnectAgentAsync(siteId, "session-1");
    }

    /// <summary>
    /// The site's agent opens a session, as its stream's Connect does; from now on <see cref="AdvanceAsync"/> keeps the
    /// session alive as a live stream would (a site counts as connected only while its session shows life).
    /// </summary>
    public async Task<SiteSessionStart> ConnectAgentAsync(string siteId, string sessionId)
    {
        Sessions.Open(siteId, sessionId);
        var start = await Link.ConnectAsync(siteId, sessionId, 0, []);
        lock (_agents)
        {
            _agents.Add(siteId);
        }

        return start;
    }

    /// <summary>The site's agent drops: its stream ends in order, as the gRPC handler ends it.</summary>
    public async Task DisconnectAgentAsync(string siteId, string sessionId = "session-1")
    {
        lock (_agents)
        {
            _agents.Remove(siteId);
        }

        Sessions.Close(Sessions.Open(siteId, sessionId));
        await Link.DisconnectAsync(siteId, sessionId);
    }

    /// <summary>The silo holding the site's stream dies: nothing ends the session, its stream just stops showing life.</summary>
    public void LoseStream(string siteId)
    {
        lock (_agents)
        {
            _agents.Remove(siteId);
        }
    }

    /// <summary>
    /// Moves the clock as connected agents live through it: in steps of a quarter of the session expiry, after each of
    /// which every agent connected through <see cref="ConnectAgentAsync"/> heartbeats, as a live stream does (it
    /// follows every 5 s and heartbeats every 10 s). A bare <c>Clock.Advance</c> is a network whose streams all died.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var step = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NetworkOptions>>().Value.SessionExpiry / 4;
        for (var left = by; left > TimeSpan.Zero; left -= step)
        {
            Clock.Advance(left < step ? left : step);
            string[] agents;
            lock (_agents)
            {
                agents = [.. _agents];
            }

            foreach (var siteId in agents)
            {
                await Link.HeartbeatAsync(siteId);
            }
        }
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

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().Within("the silo to stop", TimeSpan.FromSeconds(30));
        _host.Dispose();
    }
}
