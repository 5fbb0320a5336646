using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Sites;

public sealed class SiteLivenessTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_site_silent_past_lost_after_gives_up_its_queued_jobs_but_keeps_its_running_one()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, new Dictionary<string, string?> { ["Network:LostAfter"] = "00:05:00" });
        await node.SeedTwoCitiesAsync();
        var running = (await node.SubmitAsync("running", deliveryCity: "osaka")).Order.Assignment!;
        var queued = (await node.SubmitAsync("queued", deliveryCity: "osaka")).Order.Assignment!;
        Assert.Equal(("osaka-01", "osaka-01"), (running.SiteId, queued.SiteId));
        await node.Link.ReportJobAsync("osaka-01", new JobUpdate(running.JobId, JobUpdateKind.Started, 0, 0, null, _clock.GetUtcNow()));

        // The agent drops off. Tokyo's agent keeps its session.
        node.Sessions.Close(node.Sessions.Open("osaka-01", "session-1"));
        await node.Link.DisconnectAsync("osaka-01", "session-1");

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await node.Liveness.SweepAsync(CancellationToken.None));
        Assert.Equal("osaka-01", (await node.OrderAsync("queued")).Assignment!.SiteId);

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await node.Liveness.SweepAsync(CancellationToken.None));

        var moved = await node.OrderAsync("queued");
        Assert.Equal(OrderStatus.Dispatched, moved.Status);
        Assert.Equal("tokyo-01", moved.Assignment!.SiteId);
        Assert.Equal("osaka-01", (await node.OrderAsync("running")).Assignment!.SiteId);
        var osaka = node.Grains.GetGrain<ISiteGrain>("osaka-01");
        Assert.Equal(SiteStatus.Offline, (await osaka.GetAsync())!.Status);
        Assert.Contains(await osaka.PendingAsync(0), m => m.Kind == OutboxKind.Cancel && m.JobId == queued.JobId);

        // A second sweep moves nothing twice.
        Assert.Equal(0, await node.Liveness.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_returning_agent_brings_its_site_back_online()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, new Dictionary<string, string?> { ["Network:LostAfter"] = "00:05:00" });
        await node.SeedTwoCitiesAsync();
        node.Sessions.Close(node.Sessions.Open("osaka-01", "session-1"));
        await node.Link.DisconnectAsync("osaka-01", "session-1");
        _clock.Advance(TimeSpan.FromMinutes(6));
        await node.Liveness.SweepAsync(CancellationToken.None);
        Assert.Equal("tokyo-01", (await node.SubmitAsync("while-lost", deliveryCity: "osaka")).Order.Assignment!.SiteId);

        node.Sessions.Open("osaka-01", "session-2");
        await node.Link.ConnectAsync("osaka-01", "session-2", 0, []);

        Assert.Equal("osaka-01", (await node.SubmitAsync("after-return", deliveryCity: "osaka")).Order.Assignment!.SiteId);
    }

    [Fact]
    public async Task A_resent_agent_message_is_recognised_by_its_sequence_and_still_reaches_the_order()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("seq")).Order.Assignment!;
        var site = node.Grains.GetGrain<ISiteGrain>(job.SiteId);

        var first = await site.ApplyJobUpdateAsync(new JobUpdate(job.JobId, JobUpdateKind.Done, 10, 0, null, _clock.GetUtcNow()), agentSequence: 7);
        var again = await site.ApplyJobUpdateAsync(new JobUpdate(job.JobId, JobUpdateKind.Done, 10, 0, null, _clock.GetUtcNow()), agentSequence: 7);

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.OrderId, again.OrderId);
        // The order never heard of it (as if the node died between site and order): the resend completes it.
        Assert.True(await node.Link.ReportJobAsync(job.SiteId, new JobUpdate(job.JobId, JobUpdateKind.Done, 10, 0, null, _clock.GetUtcNow()), agentSequence: 7));
        Assert.Equal(OrderStatus.Completed, (await node.OrderAsync("seq")).Status);
        Assert.Equal(7, (await site.ConnectAsync("s9", 0, [])).LastAgentSequence);
    }
}
