using System.Globalization;
using System.Text;
using Microfactory.Storage.Journal;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.Journal;

/// <summary>
/// Four nodes on one in-memory store, segments sealed every 3 appends: shared counters incremented with If-Match from
/// every node, and keys that each worker owns created, rewritten and deleted through whichever node a seeded Random
/// picks, each result read back on another node at once. Every count, document and ETag must come out exact.
/// </summary>
public sealed class JournalMultiNodeStressTests
{
    private const int Seed = 20261121;
    private const int Nodes = 4, WorkersPerNode = 2, OperationsPerWorker = 150, Counters = 10, KeysPerWorker = 3;
    private static readonly JournalOptions TinySegments = new() { SegmentBytes = 1024, SegmentAppends = 3 };

    private readonly InMemoryBlobStore _blobs = new();
    private readonly int[] _increments = new int[Counters];

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static string Text(StoredBlob blob) => Encoding.UTF8.GetString(blob.Content.Span);

    private static string Counter(int i) => $"grains/count/c{i}";

    [Fact]
    public async Task Concurrent_increments_creates_and_deletes_from_four_nodes_come_out_exact_everywhere()
    {
        var nodes = Enumerable.Range(0, Nodes).Select(_ => new JournaledStateStore(_blobs, TinySegments)).ToArray();
        var workers = Enumerable.Range(0, Nodes * WorkersPerNode).Select(w => Task.Run(() => WorkAsync(nodes, w))).ToArray();
        var owned = (await Task.WhenAll(workers).Within($"every worker (seed {Seed})", TimeSpan.FromSeconds(60)))
            .SelectMany(model => model).ToDictionary();
        var fresh = new JournaledStateStore(_blobs, TinySegments);
        foreach (var node in nodes.Append(fresh))
        {
            await AssertHoldsAsync(node, owned, nodes[0]);
        }

        foreach (var node in nodes)
        {
            await node.DisposeAsync().AsTask().Within("disposal");
            Assert.Equal(0, node.SnapshotFailures);
        }

        await SealOnceMoreAsync();
        var current = $"{long.Parse((await KeysAsync("journal/log/"))[^1].Split('/')[^1], CultureInfo.InvariantCulture):D12}";
        var previous = $"{long.Parse(current, CultureInfo.InvariantCulture) - 1:D12}";
        Assert.Equal(["journal/log/" + previous, "journal/log/" + current], await KeysAsync("journal/log/"));
        Assert.Equal(["journal/snapshots/" + current], await KeysAsync("journal/snapshots/"));
        await AssertHoldsAsync(new JournaledStateStore(_blobs, TinySegments), owned, fresh);
    }

    /// <summary>One worker's operations; returns what its own keys must hold at the end (null: absent).</summary>
    private async Task<Dictionary<string, (string Content, string ETag)?>> WorkAsync(JournaledStateStore[] nodes, int worker)
    {
        var random = new Random(Seed + worker);
        var model = Enumerable.Range(0, KeysPerWorker).ToDictionary(k => $"grains/own/w{worker}k{k}", _ => ((string Content, string ETag)?)null);
        for (var op = 0; op < OperationsPerWorker; op++)
        {
            var node = nodes[random.Next(nodes.Length)];
            if (random.Next(2) == 0)
            {
                await IncrementAsync(node, random.Next(Counters));
                continue;
            }

            var key = $"grains/own/w{worker}k{random.Next(KeysPerWorker)}";
            var content = $"w{worker} op{op}";
            var where = $"seed {Seed}, worker {worker}, op {op}, {key}";
            if (model[key] is not { } current)
            {
                model[key] = (content, await node.PutAsync(key, Bytes(content), WriteCondition.IfNotExists).Within("create, " + where));
            }
            else if (random.Next(3) == 0)
            {
                var condition = random.Next(2) == 0 ? WriteCondition.None : WriteCondition.IfMatches(current.ETag);
                Assert.True(await node.DeleteAsync(key, condition).Within("delete, " + where), "a delete found nothing, " + where);
                model[key] = null;
            }
            else
            {
                model[key] = (content, await node.PutAsync(key, Bytes(content), WriteCondition.IfMatches(current.ETag)).Within("rewrite, " + where));
            }

            // A write finished here is seen by a read that starts after it on any node.
            var read = await nodes[random.Next(nodes.Length)].GetAsync(key).Within("read back, " + where);
            Assert.Equal(model[key]?.ETag, read?.ETag);
        }

        return model;
    }

    private async Task IncrementAsync(JournaledStateStore node, int counter)
    {
        while (true)
        {
            var current = await node.GetAsync(Counter(counter)).Within("read " + Counter(counter));
            var value = current is null ? 0 : int.Parse(Text(current), CultureInfo.InvariantCulture);
            try
            {
                await node.PutAsync(Counter(counter), Bytes((value + 1).ToString(CultureInfo.InvariantCulture)),
                    current is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(current.ETag)).Within("increment " + Counter(counter));
                Interlocked.Increment(ref _increments[counter]);
                return;
            }
            catch (StoreConflictException)
            {
                // another node won: read again, as a grain does
            }
        }
    }

    private async Task AssertHoldsAsync(JournaledStateStore node, Dictionary<string, (string Content, string ETag)?> owned, JournaledStateStore reference)
    {
        for (var i = 0; i < Counters; i++)
        {
            var read = await node.GetAsync(Counter(i)).Within("final read of " + Counter(i));
            Assert.Equal(_increments[i], read is null ? 0 : int.Parse(Text(read), CultureInfo.InvariantCulture));
            Assert.Equal((await reference.GetAsync(Counter(i)).Within("reference read"))?.ETag, read?.ETag);
        }

        foreach (var (key, expected) in owned)
        {
            var read = await node.GetAsync(key).Within("final read of " + key);
            Assert.Equal(expected?.Content, read is null ? null : Text(read));
            Assert.Equal(expected?.ETag, read?.ETag);
        }
    }

    /// <summary>With every other node gone, one node writes until it seals once: its snapshot is the newest and collects the rest.</summary>
    private async Task SealOnceMoreAsync()
    {
        var last = new JournaledStateStore(_blobs, TinySegments);
        Assert.Null(await last.GetAsync("grains/last/x").Within("load"));
        var start = last.Segment;
        for (var i = 0; last.Segment == start; i++)
        {
            Assert.True(i < TinySegments.SegmentAppends + 1, "no seal after a full segment of appends");
            await last.PutAsync("grains/last/x", Bytes($"{i}"), WriteCondition.None).Within("write to fill the segment");
            await last.SyncAsync().Within("a round after the write, when the pump seals");
        }

        await last.DisposeAsync().AsTask().Within("disposal, which waits for the snapshot");
        Assert.Equal(0, last.SnapshotFailures);
    }

    private async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var entry in _blobs.ListAsync(prefix))
        {
            keys.Add(entry.Key);
        }

        return keys;
    }
}
