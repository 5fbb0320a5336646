using Microfactory.Network.Cells;
using Microfactory.Network.Designs;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Sites;

/// <summary>
/// Reconciliation from the agent's hello: what the hello reports wins; an acknowledged job it no longer lists is failed
/// with the reason and routed again (once); an assignment never acknowledged is sent again, not judged.
/// </summary>
public sealed class HelloReconciliationTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task An_acknowledged_job_the_agent_reconnects_without_is_failed_with_the_reason_and_routed_again_once()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("lost")).Order.Assignment!;
        Assert.Null(await node.Link.AcknowledgeAsync(job.SiteId, 1));

        // The agent comes back with an empty state directory: nothing acknowledged, no jobs.
        node.Sessions.Open(job.SiteId, "empty-disk");
        await node.Link.ConnectAsync(job.SiteId, "empty-disk", 0, []);
        var lost = await node.Link.ReconcileAsync(job.SiteId, "empty-disk", []);

        Assert.Equal(job.JobId, Assert.Single(lost).JobId);
        var order = await node.OrderAsync("lost");
        Assert.Contains(order.History, h => h.Reason == $"site {job.SiteId}'s agent no longer holds job {job.JobId} (it reconnected without it); routing again");
        Assert.Equal(OrderStatus.Dispatched, order.Status);
        Assert.Equal(2, order.Attempts);
        Assert.NotEqual(job.JobId, order.Assignment!.JobId);
        var site = node.Grains.GetGrain<ISiteGrain>(job.SiteId);
        Assert.DoesNotContain(await site.ActiveJobsAsync(), j => j.JobId == job.JobId);

        // The same hello again (a second reconnect) judges nothing more: the order is routed once.
        Assert.Empty(await node.Link.ReconcileAsync(job.SiteId, "empty-disk", [order.Assignment.JobId]));
        Assert.Equal(2, (await node.OrderAsync("lost")).Attempts);
    }

    [Fact]
    public async Task An_assignment_the_agent_never_acknowledged_is_sent_again_and_not_taken_for_lost()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("unacked")).Order.Assignment!;

        node.Sessions.Open(job.SiteId, "again");
        var start = await node.Link.ConnectAsync(job.SiteId, "again", 0, []);

        Assert.Empty(await node.Link.ReconcileAsync(job.SiteId, "again", []));
        Assert.Equal(job.JobId, Assert.Single(start.Pending, m => m.Kind == OutboxKind.Assign).JobId);
        Assert.Equal(OrderStatus.Dispatched, (await node.OrderAsync("unacked")).Status);
    }

    [Fact]
    public async Task A_job_the_hello_reports_done_completes_and_is_never_judged_lost()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("done-away")).Order.Assignment!;
        Assert.Null(await node.Link.AcknowledgeAsync(job.SiteId, 1));

        node.Sessions.Open(job.SiteId, "back");
        await node.Link.ConnectAsync(job.SiteId, "back", 1, []);
        Assert.True(await node.Link.ReportJobAsync(job.SiteId, new JobUpdate(job.JobId, JobUpdateKind.Done, 10, 0, null, _clock.GetUtcNow())));

        Assert.Empty(await node.Link.ReconcileAsync(job.SiteId, "back", [job.JobId]));
        var order = await node.OrderAsync("done-away");
        Assert.Equal((OrderStatus.Completed, 1, 10), (order.Status, order.Attempts, order.Good));
    }

    [Fact]
    public async Task A_job_reported_as_running_stays_and_a_replaced_session_judges_nothing()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("running")).Order.Assignment!;
        Assert.Null(await node.Link.AcknowledgeAsync(job.SiteId, 1));

        node.Sessions.Open(job.SiteId, "old");
        await node.Link.ConnectAsync(job.SiteId, "old", 1, []);
        node.Sessions.Open(job.SiteId, "new");
        await node.Link.ConnectAsync(job.SiteId, "new", 1, []);

        Assert.Empty(await node.Link.ReconcileAsync(job.SiteId, "old", []));
        Assert.Empty(await node.Link.ReconcileAsync(job.SiteId, "new", [job.JobId]));
        Assert.Equal(1, (await node.OrderAsync("running")).Attempts);
    }

    [Fact]
    public async Task A_lost_job_past_the_attempt_limit_fails_the_order_with_the_reason()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, new Dictionary<string, string?> { ["Network:MaxAttemptsPerOrder"] = "1" });
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("limit")).Order.Assignment!;
        Assert.Null(await node.Link.AcknowledgeAsync(job.SiteId, 1));

        node.Sessions.Open(job.SiteId, "empty");
        await node.Link.ConnectAsync(job.SiteId, "empty", 0, []);
        await node.Link.ReconcileAsync(job.SiteId, "empty", []);

        var order = await node.OrderAsync("limit");
        Assert.Equal(OrderStatus.Failed, order.Status);
        Assert.Equal($"site {job.SiteId}'s agent no longer holds job {job.JobId} (it reconnected without it); gave up after 1 attempts", order.History[^1].Reason);
        Assert.Empty(await node.Grains.GetGrain<ISiteGrain>(job.SiteId).ActiveJobsAsync());
    }

    [Fact]
    public async Task A_repeated_lost_report_for_a_job_the_order_moved_on_from_only_lets_the_site_forget_it()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("stale")).Order.Assignment!;
        var order = node.Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey("stale"));

        Assert.True(await order.JobLostAsync(job.SiteId, job.JobId, "lost once"));
        var after = await node.OrderAsync("stale");
        Assert.False(await order.JobLostAsync(job.SiteId, job.JobId, "lost twice"));

        var again = await node.OrderAsync("stale");
        Assert.Equal((after.Attempts, after.History.Count), (again.Attempts, again.History.Count));
    }

    [Fact]
    public async Task A_lost_job_whose_order_found_no_site_again_is_not_judged_twice()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var job = (await node.SubmitAsync("nowhere")).Order.Assignment!;
        await node.Grains.GetGrain<ISiteGrain>("osaka-01").SetDrainingAsync(true);
        await node.Grains.GetGrain<ISiteGrain>("tokyo-01").SetDrainingAsync(true);
        var order = node.Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey("nowhere"));

        Assert.True(await order.JobLostAsync(job.SiteId, job.JobId, "lost"));
        var unroutable = await node.OrderAsync("nowhere");
        Assert.Equal(OrderStatus.Unroutable, unroutable.Status);
        Assert.False(await order.JobLostAsync(job.SiteId, job.JobId, "lost again"));

        Assert.Equal(unroutable.History.Count, (await node.OrderAsync("nowhere")).History.Count);
    }

    [Fact]
    public async Task The_resume_point_is_the_orchestrators_record_for_a_lower_or_zero_hello_and_is_clamped_for_a_higher_one()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        for (var i = 0; i < 3; i++)
        {
            await node.SubmitAsync($"seq-{i}");
        }

        Assert.Null(await node.Link.AcknowledgeAsync("osaka-01", 2));

        var lower = await node.Link.ConnectAsync("osaka-01", "lower", 1, []);
        Assert.Equal(2L, lower.ResumeAfter);
        Assert.Equal([3L], lower.Pending.Select(m => m.Sequence));
        var zero = await node.Link.ConnectAsync("osaka-01", "zero", 0, []);
        Assert.Equal(2L, zero.ResumeAfter);
        Assert.DoesNotContain(zero.Disagreements, d => d.Contains("last_acknowledged_sequence", StringComparison.Ordinal));

        var higher = await node.Link.ConnectAsync("osaka-01", "higher", 50, []);
        Assert.Equal(3L, higher.ResumeAfter);
        Assert.Empty(higher.Pending);
        Assert.Contains("hello.last_acknowledged_sequence 50 is beyond the last message sent to site osaka-01 (3); delivery resumes after 3", Assert.Single(higher.Disagreements, d => d.Contains("last_acknowledged", StringComparison.Ordinal)), StringComparison.Ordinal);

        // Clamped, not skipped: the next message is numbered 4 and delivered.
        await node.SubmitAsync("seq-3");
        Assert.Equal([4L], (await node.Grains.GetGrain<ISiteGrain>("osaka-01").PendingAsync(3)).Select(m => m.Sequence));
    }

    [Fact]
    public async Task The_sites_definition_wins_over_the_hello_and_every_disagreement_is_reported()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.SeedTwoCitiesAsync();
        var site = node.Grains.GetGrain<ISiteGrain>("osaka-01");
        await site.RegisterAsync(new SiteRegistration("Osaka", "osaka", 34.70, 135.50,
            [new CellDefinition("cell-1", ["cnc"], 16, 1, 80, null), new CellDefinition("cell-2", ["cnc"], 16, 1, 80, null)]));

        var start = await node.Link.ConnectAsync("osaka-01", "mismatch", 0,
        [
            new CellReport("cell-1", CellState.Idle, []) { Capabilities = ["CNC", "additive"] },
            new CellReport("cell-9", CellState.Idle, []) { Capabilities = ["cnc"] },
        ]);

        Assert.Equal(
        [
            "cell cell-1 reports capabilities [additive, cnc] but site osaka-01's definition lists [cnc]; routing uses the definition",
            "hello lists cell 'cell-9', which site osaka-01's definition (PUT /api/sites/osaka-01) does not have; it gets no work until the definition lists it",
            "cell cell-2 of site osaka-01's definition is not in the hello; it is shown as not reported",
        ], start.Disagreements);
        var view = (await site.GetAsync())!;
        Assert.Equal(3, view.AgentMismatches.Count);
        Assert.Equal([true, false], view.Cells.Select(c => c.AgentReported));
        Assert.Equal(["cnc"], view.Cells[0].Capabilities);
        Assert.Equal(3, node.Directory.Sites.All().Single(s => s.Id == "osaka-01").AgentMismatches.Count);

        // A definition changed to what the agent has clears the warning without a new hello.
        var redefined = await site.RegisterAsync(new SiteRegistration("Osaka", "osaka", 34.70, 135.50,
            [new CellDefinition("cell-1", ["cnc", "additive"], 16, 1, 80, null), new CellDefinition("cell-9", ["cnc"], 16, 1, 80, null)]));
        Assert.Empty(redefined.AgentMismatches);
        Assert.Equal([true, true], redefined.Cells.Select(c => c.AgentReported));

        // And a hello that disagrees again says so again.
        var again = await node.Link.ConnectAsync("osaka-01", "again", 0, [new CellReport("cell-1", CellState.Idle, []) { Capabilities = ["additive", "cnc"] }]);
        Assert.Equal(["cell cell-9 of site osaka-01's definition is not in the hello; it is shown as not reported"], again.Disagreements);
    }

    [Fact]
    public async Task Designs_and_cells_follow_one_capability_rule()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock);
        await node.DefineCityAsync("osaka", 34.6937, 135.5023);

        var design = await Assert.ThrowsAsync<DomainValidationException>(() => node.RegisterDesignAsync("gear", "1.0.0", "cnc milling"));
        Assert.Equal("capabilities", design.Field);
        Assert.Contains("'cnc milling'", design.Message, StringComparison.Ordinal);
        var cell = await Assert.ThrowsAsync<DomainValidationException>(() => node.AddSiteAsync("osaka-09", "osaka", 34.7, 135.5, "cnc_milling"));
        Assert.Contains(Capabilities.Rule, cell.Message, StringComparison.Ordinal);

        await node.RegisterDesignAsync("gear", "1.0.0", "FDM-Printing");
        await node.AddSiteAsync("osaka-01", "osaka", 34.7, 135.5, "fdm-printing");
        var placed = (await node.SubmitAsync("gear-1", product: "gear")).Order;
        Assert.Equal(("osaka-01", OrderStatus.Dispatched), (placed.Assignment?.SiteId, placed.Status));
        Assert.Equal(["fdm-printing"], (await node.Grains.GetGrain<IDesignGrain>("gear").GetVersionAsync("1.0.0"))!.Capabilities);
    }
}
