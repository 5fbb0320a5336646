using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Orders;

public sealed class OrderLifecycleTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task An_order_goes_to_the_nearest_capable_site_and_is_completed_through_the_agent_link()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();

        var submitted = await node.SubmitAsync("k1", deliveryCity: "tokyo");

        Assert.True(submitted.Created);
        Assert.Equal(OrderStatus.Dispatched, submitted.Order.Status);
        var job = submitted.Order.Assignment!;
        Assert.Equal("tokyo-01", job.SiteId);
        var outbox = await node.Grains.GetGrain<ISiteGrain>("tokyo-01").PendingAsync(0);
        var message = Assert.Single(outbox);
        Assert.Equal(OutboxKind.Assign, message.Kind);
        Assert.Equal(job.JobId, message.JobId);

        Assert.True(await node.Link.ReportJobAsync("tokyo-01", Update(job.JobId, JobUpdateKind.Accepted)));
        Assert.True(await node.Link.ReportJobAsync("tokyo-01", Update(job.JobId, JobUpdateKind.Started)));
        Assert.True(await node.Link.ReportJobAsync("tokyo-01", Update(job.JobId, JobUpdateKind.Done, good: 9, scrap: 1)));

        var order = await node.OrderAsync("k1");
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal((9, 1), (order.Good, order.Scrap));
        Assert.Equal(
            [OrderStatus.Received, OrderStatus.Routed, OrderStatus.Dispatched, OrderStatus.Accepted, OrderStatus.InProgress, OrderStatus.Completed],
            order.History.Select(h => h.Status));
        Assert.All(order.History, h => Assert.False(string.IsNullOrWhiteSpace(h.Reason)));
        var site = await node.Grains.GetGrain<ISiteGrain>("tokyo-01").GetAsync();
        Assert.Equal(0, site!.BacklogHours);
    }

    [Fact]
    public async Task Duplicate_and_late_job_reports_change_nothing()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("k2")).Order.Assignment!;

        await node.Link.ReportJobAsync("osaka-01", Update(job.JobId, JobUpdateKind.Started));
        await node.Link.ReportJobAsync("osaka-01", Update(job.JobId, JobUpdateKind.Done, good: 10));
        var afterDone = await node.OrderAsync("k2");
        Assert.False(await node.Link.ReportJobAsync("osaka-01", Update(job.JobId, JobUpdateKind.Done, good: 10)));
        Assert.False(await node.Link.ReportJobAsync("osaka-01", Update(job.JobId, JobUpdateKind.Accepted)));

        var order = await node.OrderAsync("k2");
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(afterDone.History.Count, order.History.Count);
    }

    [Fact]
    public async Task A_site_cannot_report_on_another_sites_job()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("k3", deliveryCity: "osaka")).Order.Assignment!;
        Assert.Equal("osaka-01", job.SiteId);

        Assert.False(await node.Link.ReportJobAsync("tokyo-01", Update(job.JobId, JobUpdateKind.Done, good: 10)));

        Assert.Equal(OrderStatus.Dispatched, (await node.OrderAsync("k3")).Status);
    }

    [Fact]
    public async Task A_failed_job_is_routed_to_another_site_and_the_order_fails_after_its_attempts()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, new Dictionary<string, string?> { ["Network:MaxAttemptsPerOrder"] = "2" });
        await node.SeedTwoCitiesAsync();
        var first = (await node.SubmitAsync("k4", deliveryCity: "osaka")).Order.Assignment!;

        await node.Link.ReportJobAsync(first.SiteId, Update(first.JobId, JobUpdateKind.Failed, reason: "spindle overheated"));
        var moved = await node.OrderAsync("k4");
        Assert.Equal(OrderStatus.Dispatched, moved.Status);
        Assert.Equal("tokyo-01", moved.Assignment!.SiteId);
        Assert.NotEqual(first.JobId, moved.Assignment.JobId);
        Assert.Contains(moved.History, h => h.Reason.Contains("spindle overheated", StringComparison.Ordinal));

        await node.Link.ReportJobAsync("tokyo-01", Update(moved.Assignment.JobId, JobUpdateKind.Failed, reason: "tool broke"));
        var failed = await node.OrderAsync("k4");
        Assert.Equal(OrderStatus.Failed, failed.Status);
        Assert.Contains("2 attempts", failed.History[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_no_site_can_make_is_kept_unroutable_and_routed_when_a_capable_site_appears()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        await node.RegisterDesignAsync("housing", "2.1.0", "additive");

        var submitted = await node.SubmitAsync("k5", product: "housing");
        Assert.Equal(OrderStatus.Unroutable, submitted.Order.Status);
        Assert.Contains("additive", submitted.Order.History[^1].Reason, StringComparison.Ordinal);

        await node.AddSiteAsync("osaka-02", "osaka", 34.69, 135.49, "additive");
        await node.Recovery.PassAsync(TimeSpan.Zero);

        var order = await node.OrderAsync("k5");
        Assert.Equal(OrderStatus.Dispatched, order.Status);
        Assert.Equal("osaka-02", order.Assignment!.SiteId);
    }

    [Fact]
    public async Task Cancelling_a_dispatched_order_tells_the_site_and_a_finished_order_cannot_be_cancelled()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("k6")).Order.Assignment!;
        var order = node.Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey("k6"));

        var cancelled = await order.CancelAsync("customer changed their mind");

        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        var outbox = await node.Grains.GetGrain<ISiteGrain>(job.SiteId).PendingAsync(0);
        Assert.Contains(outbox, m => m.Kind == OutboxKind.Cancel && m.JobId == job.JobId);
        await Assert.ThrowsAsync<InvalidStateException>(() => order.CancelAsync("again"));
    }

    [Fact]
    public async Task Cancelling_a_running_job_keeps_its_cell_busy_until_the_agent_stops_and_the_agents_final_counts_are_the_orders()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("k8", quantity: 10)).Order.Assignment!;
        await node.Link.ReportJobAsync(job.SiteId, Update(job.JobId, JobUpdateKind.Started));
        await node.Link.ReportJobAsync(job.SiteId, Update(job.JobId, JobUpdateKind.Progress, good: 2));
        var order = node.Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey("k8"));
        var site = node.Grains.GetGrain<ISiteGrain>(job.SiteId);

        Assert.Equal(OrderStatus.Cancelled, (await order.CancelAsync("customer changed their mind")).Status);
        Assert.Contains(await site.PendingAsync(0), m => m.Kind == OutboxKind.Cancel && m.JobId == job.JobId);
        Assert.Equal(1, (await site.GetAsync())!.RunningJobs); // the machine is still cutting until the agent stops it

        // The agent stops at the part boundary: 3 good and 1 scrap were really made.
        Assert.True(await node.Link.ReportJobAsync(job.SiteId, Update(job.JobId, JobUpdateKind.Cancelled, good: 3, scrap: 1, reason: "cancelled by the orchestrator")));
        Assert.False(await node.Link.ReportJobAsync(job.SiteId, Update(job.JobId, JobUpdateKind.Cancelled, good: 3, scrap: 1)));

        var final = await order.GetAsync();
        Assert.Equal((OrderStatus.Cancelled, 3, 1), (final!.Status, final.Good, final.Scrap));
        Assert.Contains(final.History, h => h.Status == OrderStatus.Cancelled && h.Reason.Contains("3 good, 1 scrap", StringComparison.Ordinal));
        Assert.Equal(0, (await site.GetAsync())!.RunningJobs);
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_refused()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        await node.SubmitAsync("k7", quantity: 10);

        var replay = await node.SubmitAsync("k7", quantity: 10);
        Assert.False(replay.Created);
        await Assert.ThrowsAsync<IdempotencyMismatchException>(() => node.SubmitAsync("k7", quantity: 11));
    }

    private JobUpdate Update(string jobId, JobUpdateKind kind, int good = 0, int scrap = 0, string? reason = null) =>
        new(jobId, kind, good, scrap, reason, _clock.GetUtcNow());
}
