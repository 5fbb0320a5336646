using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Orders;

/// <summary>
/// A node dies at every single write of an order's submission in turn; after a restart nothing is lost or doubled.
/// </summary>
public sealed class CrashRecoveryTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_crash_at_any_write_of_a_submission_loses_no_order_and_dispatches_it_once()
    {
        var writesPerSubmission = await CountSubmissionWritesAsync();
        Assert.True(writesPerSubmission >= 4, $"a submission should write order (routed, dispatched), cell and site state (saw {writesPerSubmission})");

        for (var crashAt = 1; crashAt <= writesPerSubmission; crashAt++)
        {
            var store = new FaultyStore(new InMemoryBlobStore());
            var accepted = false;
            await using (var node = await NetworkNode.StartNodeAsync(store, _clock))
            {
                await node.SeedTwoCitiesAsync();
                store.FailWrite(crashAt);
                try
                {
                    await node.SubmitAsync("crash");
                    accepted = true;
                }
                catch (Exception e) when (SimulatedCrashException.IsCrash(e))
                {
                    // the node died here; the client saw an error
                }
            }

            store.Heal();
            await using var restarted = await NetworkNode.StartNodeAsync(store, _clock);
            await restarted.StartAsync();
            await restarted.Link.ConnectAsync("osaka-01", "session-2", 0, []);
            await restarted.Link.ConnectAsync("tokyo-01", "session-2", 0, []);
            await restarted.Recovery.PassAsync(TimeSpan.Zero, CancellationToken.None);

            var orderId = OrderIds.FromIdempotencyKey("crash");
            var recovered = await restarted.Grains.GetGrain<IOrderGrain>(orderId).GetAsync();
            if (accepted)
            {
                Assert.NotNull(recovered);
            }

            // What a client does after an error: submit again with the same key. It must not make a second job.
            var retried = await restarted.SubmitAsync("crash");
            Assert.Equal(OrderStatus.Dispatched, retried.Order.Status);
            await AssertExactlyOneJobAsync(restarted, orderId, $"crash at write {crashAt} of {writesPerSubmission}");
        }
    }

    private async Task<int> CountSubmissionWritesAsync()
    {
        var store = new FaultyStore(new InMemoryBlobStore());
        await using var node = await NetworkNode.StartNodeAsync(store, _clock);
        await node.SeedTwoCitiesAsync();
        store.FailWrite(int.MaxValue);
        await node.SubmitAsync("probe");
        return store.Writes;
    }

    private static async Task AssertExactlyOneJobAsync(NetworkNode node, string orderId, string when)
    {
        var assigns = 0;
        var queued = 0;
        foreach (var siteId in new[] { "osaka-01", "tokyo-01" })
        {
            var site = node.Grains.GetGrain<ISiteGrain>(siteId);
            assigns += (await site.PendingAsync(0)).Count(m => m.Kind == OutboxKind.Assign && m.Assignment!.OrderId == orderId);
            queued += (await site.GetAsync())!.Cells.Sum(c => c.Queue.Count(j => j.OrderId == orderId));
        }

        Assert.True(assigns == 1, $"{when}: expected one assignment in the sites' outboxes, found {assigns}");
        Assert.True(queued == 1, $"{when}: expected one queued job, found {queued}");
    }
}
