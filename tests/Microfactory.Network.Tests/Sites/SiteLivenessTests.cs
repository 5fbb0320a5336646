using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans;

namespace Microfactory.Network.Tests.Sites;

public sealed class SiteLivenessTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_disconnected_site_gets_no_new_work_keeps_its_jobs_until_lost_after_then_gives_up_only_its_queued_ones()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, new Dictionary<string, string?> { ["Network:LostAfter"] = "00:05:00" });
        await node.SeedTwoCitiesAsync();
        var running = (await node.SubmitAsync("running", deliveryCity: "osaka")).Order.Assignment!;
        var queued = (await node.SubmitAsync("queued", deliveryCity: "osaka")).Order.Assignment!;
        Assert.Equal(("osaka-01", "osaka-01"), (running.SiteId, queued.SiteId));
        await node.Link.ReportJobAsync("osaka-01", new JobUpdate(running.JobId, JobUpdateKind.Started, 0, 0, null, _clock.GetUtcNow()));

        // The agent drops off. Tokyo's agent stays and keeps its stream alive.
        var droppedAt = _clock.GetUtcNow();
        await node.DisconnectAgentAsync("osaka-01");

        // No new work for the disconnected site, though it is nearest: the order goes to the connected one.
        var osaka = node.Grains.GetGrain<ISiteGrain>("osaka-01");
        var meanwhile = await node.SubmitAsync("meanwhile", deliveryCity: "osaka");
        Assert.Equal("tokyo-01", meanwhile.Order.Assignment!.SiteId);
        var explained = await node.Grains.GetGrain<IOrderGrain>(meanwhile.Order.Id).ExplainAsync();
        Assert.Equal(1, explained!.Rejections.SiteDisconnected);
        Assert.DoesNotContain(explained.TopCandidates, c => c.SiteId == "osaka-01");
        var listed = node.Directory.Sites.All().Single(s => s.Id == "osaka-01");
        Assert.Equal((SiteStatus.Online, false, droppedAt), (listed.Status, listed.Connected, listed.DisconnectedSince));

        await node.AdvanceAsync(TimeSpan.FromMinutes(4)); // the sites' own timers run on this clock as it moves
        Assert.Empty(await node.CheckLivenessAsync());
        Assert.Equal("osaka-01", (await node.OrderAsync("queued")).Assignment!.SiteId);
        Assert.Equal(SiteStatus.Online, (await osaka.GetAsync())!.Status);
        Assert.Equal("tokyo-01", (await node.SubmitAsync("still-away", deliveryCity: "osaka")).Order.Assignment!.SiteId);

        await node.AdvanceAsync(TimeSpan.FromMinutes(2));
        await node.CheckLivenessAsync();
        await Await.Until(async () => (await node.OrderAsync("queued")).Assignment!.SiteId == "tokyo-01", "the queued order to move off the lost site");

        var moved = await node.OrderAsync("queued");
        Assert.Equal(OrderStatus.Dispatched, moved.Status);
        Assert.Equal("osaka-01", (await node.OrderAsync("running")).Assignment!.SiteId);
        Assert.Equal(SiteStatus.Offline, (await osaka.GetAsync())!.Status);
        Assert.Contains(await osaka.PendingAsync(0), m => m.Kind == OutboxKind.Cancel && m.JobId == queued.JobId);

        // Another check moves nothing twice: the lost site holds no queued order any more.
        Assert.Empty(await node.CheckLivenessAsync());
        Assert.Equal((2, "tokyo-01"), ((await node.OrderAsync("queued")).Attempts, (await node.OrderAsync("queued")).Assignment!.SiteId));

        // The agent returns and reports the job it kept running: the order completes where it ran.
        await node.ConnectAgentAsync("osaka-01", "session-2");
        Assert.True(await node.Link.ReportJobAsync("osaka-01", new JobUpdate(running.JobId, JobUpdateKind.Done, 10, 0, null, _clock.GetUtcNow())));
        Assert.Equal((OrderStatus.Completed, "osaka-01"), ((await node.OrderAsync("running")).Status, (await node.OrderAsync("running")).Assignment!.SiteId));
    }

    [Fact]
    public async Task A_silent_site_is_marked_lost_by_its_own_timer_and_its_queued_order_moves()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, new Dictionary<string, string?> { ["Network:LostAfter"] = "00:05:00" });
        await node.SeedTwoCitiesAsync();
        var queued = (await node.SubmitAsync("timer", deliveryCity: "osaka")).Order.Assignment!;
        await node.DisconnectAgentAsync("osaka-01");

        // Nobody calls the check: only the clock moves, in steps shorter than the sites' timer period.
        await Await.Until(async () =>
        {
            await node.AdvanceAsync(TimeSpan.FromSeconds(30));
            return (await node.OrderAsync("timer")).Assignment?.SiteId == "tokyo-01";
        }, "the lost site's timer to move its queued order");

        Assert.Equal(SiteStatus.Offline, (await node.Grains.GetGrain<ISiteGrain>("osaka-01").GetAsync())!.Status);
        Assert.True(_clock.GetUtcNow() - (await node.OrderAsync("timer")).CreatedAt > TimeSpan.FromMinutes(5), "moved before lost_after");
        Assert.NotEqual(queued.JobId, (await node.OrderAsync("timer")).Assignment!.JobId);
    }

    [Fact]
    public async Task A_watched_site_holds_its_liveness_reminder_and_a_lost_one_without_queued_orders_lets_it_go()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, new Dictionary<string, string?> { ["Network:LostAfter"] = "00:05:00" });
        await node.SeedTwoCitiesAsync();
        var site = node.Grains.GetGrain<ISiteGrain>("osaka-01").GetGrainId();
        var reminders = node.Services.GetRequiredService<IReminderTable>();
        async Task<bool> HasReminder() => (await reminders.ReadRows(site)).Reminders.Any(r => r.ReminderName == "liveness");

        // Registered after the connecting call's turn, by the site itself: the reminder brings it back after its silo died.
        await Await.Until(HasReminder, "osaka-01 to register its liveness reminder");

        await node.DisconnectAgentAsync("osaka-01");
        await node.AdvanceAsync(TimeSpan.FromMinutes(6));
        await node.CheckLivenessAsync();

        await Await.Until(async () => !await HasReminder(), "lost osaka-01, holding no queued order, to drop its reminder");
    }

    [Fact]
    public async Task A_returning_agent_brings_its_site_back_online()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, new Dictionary<string, string?> { ["Network:LostAfter"] = "00:05:00" });
        await node.SeedTwoCitiesAsync();
        await node.DisconnectAgentAsync("osaka-01");
        await node.AdvanceAsync(TimeSpan.FromMinutes(6));
        await node.CheckLivenessAsync();
        Assert.Equal("tokyo-01", (await node.SubmitAsync("while-lost", deliveryCity: "osaka")).Order.Assignment!.SiteId);

        await node.ConnectAgentAsync("osaka-01", "session-2");

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
