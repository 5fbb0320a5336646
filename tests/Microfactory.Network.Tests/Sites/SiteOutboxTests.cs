using Microfactory.Network.Link;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Sites;

public sealed class SiteOutboxTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task Unacknowledged_messages_are_delivered_again_on_reconnect_and_acknowledged_ones_are_not()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        for (var i = 0; i < 3; i++)
        {
            await node.SubmitAsync($"o{i}");
        }

        var first = await node.Link.ConnectAsync("osaka-01", "s2", 0, []);
        Assert.Equal([1L, 2L, 3L], first.Pending.Select(m => m.Sequence));

        await node.Link.AcknowledgeAsync("osaka-01", 2);
        await node.Link.DisconnectAsync("osaka-01", "s2");
        var resumed = await node.Link.ConnectAsync("osaka-01", "s3", 2, []);

        Assert.Equal(2, resumed.ResumeAfter);
        Assert.Equal([3L], resumed.Pending.Select(m => m.Sequence));
    }

    [Fact]
    public async Task An_agent_cannot_acknowledge_messages_it_was_never_sent()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        await node.SubmitAsync("a");

        var refused = await node.Link.AcknowledgeAsync("osaka-01", 1_000);
        await node.SubmitAsync("b");

        Assert.Equal("ack 1000 is beyond the last message sent to site osaka-01 (1); not applied", refused);

        var pending = await node.Link.ConnectAsync("osaka-01", "s2", 1, []);
        Assert.Equal([2L], pending.Pending.Select(m => m.Sequence));
    }

    [Fact]
    public async Task The_follow_stream_delivers_a_new_assignment_without_waiting_for_a_poll()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        await node.Link.ConnectAsync("osaka-01", "live-session", 0, []);
        using var cts = new CancellationTokenSource();
        await using var follow = node.Link.FollowAsync(new SiteSessions.Session("osaka-01", "live-session"), 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = follow.MoveNextAsync().AsTask();

        var submitted = await node.SubmitAsync("live");

        Assert.True(await next.Within("the outbox to push the new assignment", TimeSpan.FromSeconds(1.5)));
        Assert.Equal(submitted.Order.Assignment!.JobId, follow.Current.JobId);
        await cts.CancelAsync();
    }

    [Fact]
    public async Task A_newer_connect_ends_the_older_sessions_stream_through_its_observer()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        await node.Link.ConnectAsync("osaka-01", "old", 0, []);
        var old = new SiteSessions.Session("osaka-01", "old");
        using var cts = new CancellationTokenSource();
        await using var follow = node.Link.FollowAsync(old, 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = follow.MoveNextAsync().AsTask();

        await node.Link.ConnectAsync("osaka-01", "new", 0, []);

        // Well within the follow refresh: the Site grain told the old stream's observer, not a poll.
        Assert.False(await next.Within("the replaced stream to end", SiteLink.FollowRefresh / 2));
        Assert.True(old.Replaced.IsCancellationRequested);
    }

    [Fact]
    public async Task A_draining_site_refuses_new_work_and_the_order_goes_elsewhere()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        await node.Grains.GetGrain<ISiteGrain>("osaka-01").SetDrainingAsync(true);

        var order = (await node.SubmitAsync("drain", deliveryCity: "osaka")).Order;

        Assert.Equal("tokyo-01", order.Assignment!.SiteId);
    }
}
