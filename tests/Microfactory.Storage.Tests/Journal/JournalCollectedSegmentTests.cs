using System.Text;
using Microfactory.Storage.Journal;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.Journal;

/// <summary>
/// A node paused between finding a segment missing and creating it, while the others fill, seal and collect that very
/// segment: what it creates is an empty copy of a segment nobody reads any more, and it must not take it for the log.
/// </summary>
public sealed class JournalCollectedSegmentTests
{
    private static readonly JournalOptions TinySegments = new() { SegmentBytes = 1024, SegmentAppends = 2 };

    private readonly InMemoryBlobStore _blobs = new();

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task A_node_that_recreates_a_collected_segment_at_start_up_reads_the_snapshot_instead()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hooked = new HookedAppendStore(_blobs)
        {
            HoldCreate = key =>
            {
                if (!key.EndsWith("/000000000000", StringComparison.Ordinal) || !held.TrySetResult())
                {
                    return Task.CompletedTask;
                }

                return release.Task;
            },
        };
        var late = new JournaledStateStore(hooked, TinySegments);
        var lateRead = late.GetAsync("grains/order/a"); // finds no snapshot and no segment 0, then pauses before creating it
        await held.Task.Within("the late node to reach the creation of segment 0");

        var busy = new JournaledStateStore(_blobs, TinySegments);
        string? etag = null;
        // Snapshots run beside the writes (one at a time), so write on until one of them has collected segment 0.
        for (var i = 0; i == 0 || await _blobs.ReadAppendedAsync("journal/log/000000000000", 0, 1) is not null; i++)
        {
            Assert.True(i < 200, "segment 0 was never collected");
            etag = await busy.PutAsync("grains/order/a", Bytes($"v{i}"), etag is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(etag)).Within($"busy write {i}");
        }

        await busy.DisposeAsync().AsTask().Within("the busy node's last snapshot");
        release.SetResult();

        Assert.Equal(etag, (await lateRead.Within("the late node's first read"))?.ETag);
        await Assert.ThrowsAsync<StoreConflictException>(() => late.PutAsync("grains/order/a", Bytes("lost?"), WriteCondition.IfNotExists)).Within("a create of what exists");
        Assert.Equal(etag, (await new JournaledStateStore(_blobs, TinySegments).GetAsync("grains/order/a").Within("read on a fresh node"))?.ETag);
    }
}
