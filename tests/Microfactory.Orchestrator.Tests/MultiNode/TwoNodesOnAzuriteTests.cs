using Microfactory.Network;
using Orleans;
using Microfactory.Network.Cells;
using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.Storage.AzureBlob.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Orchestrator.Tests.MultiNode;

/// <summary>
/// Two orchestrator nodes on one real Azurite, submitting concurrently on the same sites (and some of the same orders):
/// the store's conditional writes (If-Match on each grain's blob) arbitrate, so nothing is lost or done twice.
/// </summary>
public sealed class TwoNodesOnAzuriteTests
{
    private static readonly string[] Sites = ["osaka-01", "osaka-02", "osaka-03"];

    [Fact]
    public async Task Concurrent_load_on_two_nodes_routes_every_order_exactly_once_and_site_queues_match()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var settings = azurite.StoreSettings("two-nodes");
        var credentials = Sites.ToDictionary(s => s, s => $"{s}-credential-0123456789abcdef");

        await using var nodeA = await RealOrchestrator.StartAsync(credentials, settings: settings);
        await nodeA.SeedAsync(Sites);
        var sessions = nodeA.Services.GetRequiredService<SiteSessions>();
        foreach (var site in Sites)
        {
            sessions.Open(site, "agent-" + site); // as if each agent held its stream on node A
            await nodeA.Services.GetRequiredService<SiteLink>().ConnectAsync(site, "agent-" + site, 0, []);
        }

        await using var nodeB = await RealOrchestrator.StartAsync(credentials, settings: settings);
        await Await.Until(async () => (await nodeB.Admin.GetAsync("/readyz")).IsSuccessStatusCode, "node B to load the network from Azurite");

        // 40 orders, each submitted on one node, and 10 more submitted on BOTH nodes at once with the same key.
        var due = DateTimeOffset.UtcNow.AddDays(3); // one request body per key, whichever node gets it
        var keys = Enumerable.Range(0, 50).Select(i => $"two-nodes-{i}").ToList();
        var submissions = keys.Select((key, i) => i < 40
            ? (i % 2 == 0 ? nodeA : nodeB).SubmitOrderAsync(key, due: due)
            : Task.WhenAll(nodeA.SubmitOrderAsync(key, due: due), nodeB.SubmitOrderAsync(key, due: due)).ContinueWith(t => t.Result[0], TaskScheduler.Default));
        var ids = await Task.WhenAll(submissions).Within("50 submissions on two nodes", TimeSpan.FromMinutes(2));
        Assert.Equal(50, ids.Distinct().Count());

        // Judge from the store alone: a third node that has served nothing yet.
        await using var judge = await RealOrchestrator.StartAsync(credentials, settings: settings);
        var grains = judge.Services.GetRequiredService<IGrainFactory>();
        var placedAt = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            var order = await grains.GetGrain<IOrderGrain>(id).GetAsync();
            Assert.NotNull(order);
            Assert.Equal(OrderStatus.Dispatched, order.Status);
            Assert.Equal(1, order.Attempts);
            placedAt[id] = order.Assignment!.SiteId;
        }

        var assignedAnywhere = new List<string>();
        foreach (var siteId in Sites)
        {
            var site = grains.GetGrain<ISiteGrain>(siteId);
            var queued = (await site.GetAsync())!.Cells.SelectMany(c => c.Queue).Select(j => j.OrderId).ToList();
            var inCell = (await grains.GetGrain<ICellGrain>($"{siteId}/cell-1").GetAsync()).Queue.Select(j => j.OrderId).ToList();
            Assert.True(queued.Order(StringComparer.Ordinal).SequenceEqual(inCell.Order(StringComparer.Ordinal)),
                $"{siteId}: the site's summary of cell-1 [{string.Join(", ", queued)}] differs from the cell itself [{string.Join(", ", inCell)}]");
            var outbox = (await site.PendingAsync(0)).Where(m => m.Kind == OutboxKind.Assign).Select(m => m.Assignment!.OrderId).ToList();
            var expected = placedAt.Where(p => p.Value == siteId).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(queued.Order(StringComparer.Ordinal)),
                $"{siteId}: orders placed there but not in its cell queues: [{string.Join(", ", expected.Except(queued))}]; queued but not placed there: [{string.Join(", ", queued.Except(expected))}]; duplicates: [{string.Join(", ", queued.GroupBy(q => q).Where(g => g.Count() > 1).Select(g => g.Key))}]");
            Assert.True(expected.SequenceEqual(outbox.Order(StringComparer.Ordinal)),
                $"{siteId}: orders placed there but not in its outbox: [{string.Join(", ", expected.Except(outbox))}]; in the outbox but not placed there: [{string.Join(", ", outbox.Except(expected))}]");
            assignedAnywhere.AddRange(outbox);
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), assignedAnywhere.Order(StringComparer.Ordinal));

        // And the state really is where Orleans' Azure Blob provider keeps it: one JSON blob per grain.
        var container = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("grainstate");
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "state-order/", CancellationToken.None))
        {
            blobs.Add(blob.Name);
        }

        Assert.Equal(ids.Select(id => $"state-order/{id}.json").Order(StringComparer.Ordinal), blobs.Order(StringComparer.Ordinal));
    }
}
