using Microfactory.Network.Planning.Live;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Planning.Live;

/// <summary>A demand surge in osaka on the live network spills into the neighbours within the distance limit only.</summary>
public sealed class LiveSurgeTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_surge_is_absorbed_by_neighbouring_cities_within_the_distance_limit_and_nowhere_else()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.DefineCityAsync("osaka", 34.6937, 135.5023);
        await node.DefineCityAsync("kobe", 34.6901, 135.1955);   // 28 km
        await node.DefineCityAsync("kyoto", 35.0116, 135.7681);  // 43 km
        await node.DefineCityAsync("nagoya", 35.1815, 136.9066); // 140 km
        await node.RegisterDesignAsync("bracket", "1.0.0", "cnc");
        await node.AddSiteAsync("osaka-01", "osaka", 34.70, 135.50, "cnc");
        for (var i = 0; i < 30; i++)
        {
            await node.SubmitAsync($"surge-{i}");
        }

        await node.AddSiteAsync("kobe-01", "kobe", 34.69, 135.20, "cnc");
        await node.AddSiteAsync("kyoto-01", "kyoto", 35.01, 135.77, "cnc");
        await node.AddSiteAsync("nagoya-01", "nagoya", 35.18, 136.91, "cnc");

        var plan = await node.Planning.PlanAsync(new PlanParameters(null, 0.2, 0.9, 100, false, null));
        var applied = await node.Planning.ApplyAsync(plan.Id);

        var receivers = plan.Plan.Moves.Select(m => m.ToSiteId).ToHashSet();
        Assert.Equal(["kobe-01", "kyoto-01"], receivers.Order());
        Assert.All(plan.Plan.Moves, m => Assert.InRange(m.DistanceKmAfter, 0, 100));
        var after = plan.Plan.Sites.ToDictionary(s => s.SiteId);
        Assert.True(after["osaka-01"].After < after["osaka-01"].Before);
        Assert.InRange(after["kobe-01"].After, 0.2, 0.9);
        Assert.InRange(after["kyoto-01"].After, 0.2, 0.9);
        Assert.Equal(0, after["nagoya-01"].After);
        Assert.Equal(plan.Plan.Moves.Count, applied.LastApplication!.Moved);
    }
}
