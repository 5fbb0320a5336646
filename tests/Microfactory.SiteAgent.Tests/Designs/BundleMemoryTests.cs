using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Support;
using Xunit.Abstractions;
using static Microfactory.SiteAgent.Tests.Support.DesignMessages;

namespace Microfactory.SiteAgent.Tests.Designs;

/// <summary>A large bundle streams to disk: the agent never holds it in memory.</summary>
public sealed class BundleMemoryTests(ITestOutputHelper output)
{
    private const long BundleSize = 100L * 1024 * 1024;
    private const long Bound = 16L * 1024 * 1024;

    /// <summary>
    /// Measured as the live managed heap (after a full collection) sampled by the serving side every 8 MiB of the
    /// transfer, minus the live heap before it. The served bytes are generated per chunk, so what stays live is the
    /// agent's (and the transports') buffers; an agent buffering the bundle would show up to 100 MB here.
    /// </summary>
    [Fact]
    public async Task A_100_MB_bundle_is_installed_with_the_live_heap_growing_less_than_16_MB()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var (served, sha) = ServedArtifact.Generated(BundleSize);
        long peak = 0;
        served.AfterChunk = offset =>
        {
            if (offset % (8 * 1024 * 1024) == 0)
            {
                peak = Math.Max(peak, LiveHeapBytes());
            }
        };
        peer.Artifacts[sha] = served;
        var configuration = DesignConfiguration(peer);
        await using var agent = await LinkedAgent.StartAsync(configuration);
        var connection = await peer.NextConnectionAsync("the agent's Connect");
        var before = LiveHeapBytes();

        connection.Send(Install(1, "housing-c@1.0.0", sha, BundleSize, "cnc-1"));
        await connection.WaitForAsync(HasDesignAck("housing-c@1.0.0", DesignInstallStatus.Installed), "the 100 MB bundle to be installed", TimeSpan.FromMinutes(2));

        output.WriteLine($"live heap before: {before} bytes; peak during the transfer: {peak} bytes; growth: {peak - before} bytes");
        Assert.True(peak > 0, "the heap was sampled during the transfer");
        Assert.True(peak - before < Bound, $"the live heap grew by {(peak - before) / 1024} KiB while streaming 100 MB; the bound is {Bound / 1024} KiB");
        Assert.Equal(BundleSize, new FileInfo(Path.Combine(DesignsDirectory(configuration), "housing-c", "1.0.0", "bundle")).Length);
    }

    // What survives a full compacting collection: the live managed heap.
    private static long LiveHeapBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).PromotedBytes;
    }
}
