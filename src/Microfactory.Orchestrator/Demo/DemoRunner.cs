using Microfactory.Network;
using Orleans;
using Microfactory.Network.Cities;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Demo;

/// <summary>The main job's simulated world: seeds the network, runs its sites, sends demand, prints what happens.</summary>
public sealed class DemoRunner(
    IGrainFactory grains,
    DirectoryLoader loader,
    DemoAgents agents,
    DemoCredentials credentials,
    DemandGenerator demand,
    DemoConsole console,
    DemoRebalancer rebalancer,
    IHostApplicationLifetime lifetime,
    IOptions<DemoOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.Loaded.WaitAsync(stoppingToken);
        var sites = await SeedAsync();
        await WhenStarted(stoppingToken);
        var running = await agents.StartAsync(sites, stoppingToken);
        try
        {
            await Task.WhenAll(demand.RunAsync(stoppingToken), console.RunAsync(sites.Count, stoppingToken), rebalancer.RunAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var agent in running)
            {
                await agent.DisposeAsync();
            }
        }
    }

    /// <summary>Defines cities, designs and sites; idempotent, so a restart on the same store changes nothing.</summary>
    private async Task<IReadOnlyList<DemoSite>> SeedAsync()
    {
        foreach (var (id, definition) in DemoCatalog.Cities)
        {
            await GrainRetry.OnConflictAsync(() => grains.GetGrain<ICityGrain>(id).DefineAsync(definition));
        }

        foreach (var (product, version, definition) in DemoCatalog.Designs)
        {
            await GrainRetry.OnConflictAsync(() => grains.GetGrain<IDesignGrain>(product).RegisterVersionAsync(version, definition));
        }

        var random = new Random(options.Value.Seed);
        var sites = new List<DemoSite>();
        var siteNumber = 0;
        foreach (var (cityId, city) in DemoCatalog.Cities)
        {
            for (var i = 1; i <= options.Value.SitesPerCity; i++)
            {
                var siteId = DemoCatalog.SiteId(cityId, i);
                // Spread sites around the city centre, up to ~15 km, deterministically.
                var registration = new SiteRegistration(
                    $"{city.Name} {i}",
                    cityId,
                    city.Latitude!.Value + (random.NextDouble() - 0.5) * 0.25,
                    city.Longitude!.Value + (random.NextDouble() - 0.5) * 0.25,
                    DemoCatalog.CellsFor(siteNumber++, random));
                await GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteGrain>(siteId).RegisterAsync(registration));
                sites.Add(new DemoSite(siteId, registration.Cells!, credentials.For(siteId)));
            }
        }

        return sites;
    }

    private Task WhenStarted(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }
}
