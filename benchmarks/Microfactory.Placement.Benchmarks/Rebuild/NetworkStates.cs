using Microfactory.Network;
using Microfactory.Network.Cities;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Microfactory.Placement.Benchmarks.Rebuild;

/// <summary>
/// Grain states as the grains write them: a memory-storage silo is seeded with cities and sites and places
/// <see cref="TemplateOrders"/> orders through IOrderGrain (each ends Dispatched, with its routing decision and
/// history); the stored states are read back and the order states reused, each under a fresh order id, up to the
/// number wanted.
/// </summary>
internal sealed class NetworkStates
{
    public const int Cities = 8;
    public const int TemplateOrders = 1_000;

    private NetworkStates(List<(GrainId Id, CityState State)> cities, List<(GrainId Id, SiteGrainState State)> sites, List<OrderGrainState> orders)
    {
        CityStates = cities;
        SiteStates = sites;
        OrderTemplates = orders;
    }

    public IReadOnlyList<(GrainId Id, CityState State)> CityStates { get; }

    public IReadOnlyList<(GrainId Id, SiteGrainState State)> SiteStates { get; }

    public IReadOnlyList<OrderGrainState> OrderTemplates { get; }

    public static async Task<NetworkStates> PlaceAsync(int sites)
    {
        await using var node = await PlacementNode.StartAsync(blobs: null);
        await node.SeedAsync(Cities, sites, cellsPerSite: 2);
        await new PlacementLoad([node], TemplateOrders, concurrency: 32).RunAsync("template");
        var cities = new List<(GrainId, CityState)>();
        foreach (var city in node.CityIds)
        {
            cities.Add(await ReadAsync<CityState>(node.Storage, GrainId.Create("city", city)));
        }

        var siteStates = new List<(GrainId, SiteGrainState)>();
        for (var s = 0; s < sites; s++)
        {
            siteStates.Add(await ReadAsync<SiteGrainState>(node.Storage, GrainId.Create("site", PlacementNode.SiteId(s))));
        }

        var orders = new List<OrderGrainState>();
        for (var i = 0; i < TemplateOrders; i++)
        {
            orders.Add((await ReadAsync<OrderGrainState>(node.Storage, GrainId.Create("order", OrderIds.FromIdempotencyKey($"template-{i}")))).Item2);
        }

        return new NetworkStates(cities, siteStates, orders);
    }

    /// <summary>Writes every city and site state and <paramref name="orders"/> order states through the silo's provider.</summary>
    public async Task WriteAsync(IGrainStorage storage, int orders)
    {
        foreach (var (id, state) in CityStates)
        {
            await storage.WriteStateAsync(NetworkStorage.State, id, new GrainState<CityState>(state));
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 64 };
        await Parallel.ForEachAsync(SiteStates, parallel, async (site, _) => await CreateAsync(storage, site.Id, site.State));
        await Parallel.ForAsync(0, orders, parallel, async (i, _) =>
            await CreateAsync(storage, GrainId.Create("order", OrderIds.FromIdempotencyKey($"stored-{i}")), OrderTemplates[i % OrderTemplates.Count]));
    }

    /// <summary>
    /// A create-only write. When the SDK retried one whose first attempt was stored after all (a network timeout on a
    /// loaded Azurite), the retry fails as already existing: this process is the only writer, so the state is there.
    /// </summary>
    private static async Task CreateAsync<T>(IGrainStorage storage, GrainId id, T state)
    {
        try
        {
            await storage.WriteStateAsync(NetworkStorage.State, id, new GrainState<T>(state));
        }
        catch (InconsistentStateException)
        {
            var stored = new GrainState<T>();
            await storage.ReadStateAsync(NetworkStorage.State, id, stored);
            if (!stored.RecordExists)
            {
                throw;
            }
        }
    }

    private static async Task<(GrainId, T)> ReadAsync<T>(IGrainStorage storage, GrainId id) where T : class
    {
        var state = new GrainState<T>();
        await storage.ReadStateAsync(NetworkStorage.State, id, state);
        return state is { RecordExists: true, State: { } found } ? (id, found) : throw new InvalidOperationException($"{id} has no stored state after placing the template orders.");
    }
}
