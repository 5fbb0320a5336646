using Microfactory.Network.Cells;
using Microfactory.Network.Designs;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Network.Tests.Rollouts;

/// <summary>A node with <c>site-01</c>..<c>site-NN</c> (CNC, bracket 1.0.0 installed) in Osaka, bracket 2.0.0 registered, and the scripted delivery.</summary>
public sealed class RolloutScenario : IAsyncDisposable
{
    public const string Sha = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

    private RolloutScenario(IBlobStore store, ManualTimeProvider clock, ScriptedDesignDelivery delivery)
    {
        Store = store;
        Clock = clock;
        Delivery = delivery;
        Node = NewNode();
    }

    public IBlobStore Store { get; }

    public ManualTimeProvider Clock { get; }

    public ScriptedDesignDelivery Delivery { get; }

    public NetworkNode Node { get; private set; }

    public static async Task<RolloutScenario> StartAsync(int sites, IBlobStore? store = null)
    {
        var clock = new ManualTimeProvider();
        var scenario = new RolloutScenario(store ?? new InMemoryBlobStore(), clock, new ScriptedDesignDelivery(clock));
        var node = scenario.Node;
        await node.DefineCityAsync("osaka", 34.6937, 135.5023);
        await node.DefineCityAsync("tokyo", 35.6762, 139.6503);
        await node.RegisterDesignAsync("bracket", "1.0.0", "cnc");
        await node.RegisterDesignAsync("bracket", "2.0.0", "cnc");
        for (var i = 1; i <= sites; i++)
        {
            await node.Grains.GetGrain<ISiteGrain>(SiteId(i)).RegisterAsync(new SiteRegistration(SiteId(i), "osaka", 34.70, 135.50,
                [new CellDefinition("cell-1", ["cnc"], 16, 1, 80, ["bracket@1.0.0"])]));
        }

        return scenario;
    }

    public static string SiteId(int n) => $"site-{n:00}";

    public IRolloutGrain Rollout(string id = "r1") => Node.Grains.GetGrain<IRolloutGrain>(id);

    public static RolloutRequest Request(int canaryCount = 1, int[]? steps = null, int threshold = 100, int errorThreshold = 2, TimeSpan? waveTimeout = null) =>
        new("r1", "bracket@2.0.0", Sha, 4096, null, null, canaryCount, steps ?? [25, 50, 100], threshold, errorThreshold, waveTimeout);

    /// <summary>One driver pass, as the hosted service makes every poll interval.</summary>
    public async Task<RolloutView> PassAsync(string id = "r1")
    {
        await Node.StepRolloutsAsync();
        return await Rollout(id).GetAsync() ?? throw new InvalidOperationException($"rollout {id} missing");
    }

    /// <summary>Drops this node and starts another over the same store, as a process restart does.</summary>
    public async Task RestartAsync()
    {
        await Node.DisposeAsync();
        Node = NewNode();
        await Node.StartAsync();
        await Node.WakeAsync();
    }

    public ValueTask DisposeAsync() => Node.DisposeAsync();

    private NetworkNode NewNode() => NetworkNode.Start(Store, Clock, configure: s => s.AddSingleton<IDesignDelivery>(Delivery));
}
