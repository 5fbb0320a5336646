using Microfactory.Network.Cells;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Cells;

/// <summary>
/// A planned maintenance window keeps new work off a cell for exactly its duration, by the network's clock: routing
/// passes the cell over, and its site refuses a job for it even when a stale router proposes one.
/// </summary>
public sealed class MaintenanceWindowRoutingTests
{
    private readonly ManualTimeProvider _clock = new();

    // The clock moves hours: the agents' heartbeats come a few per session expiry (see NetworkNode.AdvanceAsync), and
    // a long expiry keeps those few.
    private static readonly Dictionary<string, string?> PatientLiveness = new() { ["Network:LostAfter"] = "2.00:00:00", ["Network:SessionExpiry"] = "00:10:00" };

    [Fact]
    public async Task A_cell_in_maintenance_gets_no_new_job_inside_the_window_and_does_after_it()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, PatientLiveness);
        await node.SeedTwoCitiesAsync();
        var osaka = node.Grains.GetGrain<ISiteGrain>("osaka-01");
        var start = _clock.GetUtcNow().AddHours(1);
        await osaka.SetMaintenanceAsync("cell-1", start, start.AddHours(4), "spindle replacement", "test-admin");

        var beforeWindow = (await node.SubmitAsync("before")).Order;
        await node.AdvanceAsync(TimeSpan.FromHours(2));
        var insideWindow = (await node.SubmitAsync("inside")).Order;
        await node.AdvanceAsync(TimeSpan.FromHours(3));
        var afterWindow = (await node.SubmitAsync("after")).Order;

        Assert.Equal("osaka-01", beforeWindow.Assignment?.SiteId);
        Assert.Equal("tokyo-01", insideWindow.Assignment?.SiteId);
        Assert.Equal("osaka-01", afterWindow.Assignment?.SiteId);
        // Routing itself passed the cell over (the site's refusal is only the backstop for stale views).
        var inside = await node.Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey("inside")).ExplainAsync();
        Assert.Equal(1, inside?.Rejections.CellUnavailable);
        Assert.DoesNotContain(inside!.TopCandidates, c => c.SiteId == "osaka-01");
        // Queued work stays where it is: the window moves nothing by itself.
        Assert.Equal("osaka-01", (await node.OrderAsync("before")).Assignment?.SiteId);
    }

    [Fact]
    public async Task The_site_refuses_a_job_for_a_cell_in_maintenance_and_takes_it_again_once_cleared()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, PatientLiveness);
        await node.SeedTwoCitiesAsync();
        var osaka = node.Grains.GetGrain<ISiteGrain>("osaka-01");
        var now = _clock.GetUtcNow();
        await osaka.SetMaintenanceAsync("cell-1", null, now.AddHours(8), "calibration", "test-admin");
        var job = new JobAssignment("job-m1", "order-m1", "cell-1", "bracket@1.0.0", 1, 0.1, now.AddDays(1), default, null);

        var refused = await osaka.AssignJobAsync(job);
        var cleared = await osaka.ClearMaintenanceAsync("cell-1", "test-admin");
        var accepted = await osaka.AssignJobAsync(job);

        Assert.Equal(AssignOutcome.Rejected, refused.Outcome);
        Assert.Contains("maintenance", refused.Reason);
        Assert.Null(cleared.Maintenance);
        Assert.Equal(AssignOutcome.Accepted, accepted.Outcome);
        var log = await osaka.MaintenanceLogAsync("cell-1");
        Assert.Equal([MaintenanceLogKind.WindowPlanned, MaintenanceLogKind.WindowCleared], log.Select(e => e.Kind));
        Assert.All(log, e => Assert.Equal("test-admin", e.By));
        Assert.Equal([1L, 2L], log.Select(e => e.Number));
    }

    [Fact]
    public async Task The_window_and_the_log_survive_a_restart_and_the_restarted_network_keeps_new_work_off_the_cell()
    {
        var store = new InMemoryBlobStore();
        await using (var node = await NetworkNode.StartNodeAsync(store, _clock, PatientLiveness))
        {
            await node.SeedTwoCitiesAsync();
            var osaka = node.Grains.GetGrain<ISiteGrain>("osaka-01");
            await osaka.SetMaintenanceAsync("cell-1", null, _clock.GetUtcNow().AddHours(3), "coolant change", "test-admin");
            await osaka.RecordMaintenanceAsync("cell-1", new MaintenanceRecord("coolant change", ["coolant filter"], null, null), "technician");
        }

        await using var restarted = await NetworkNode.StartNodeAsync(store, _clock, PatientLiveness);
        await restarted.StartAsync();
        foreach (var site in new[] { "osaka-01", "tokyo-01" })
        {
            restarted.Sessions.Open(site, "session-2");
            await restarted.Link.ConnectAsync(site, "session-2", 0, []);
        }

        var order = (await restarted.SubmitAsync("after-restart")).Order;
        var log = await restarted.Grains.GetGrain<ISiteGrain>("osaka-01").MaintenanceLogAsync("cell-1");

        Assert.Equal("tokyo-01", order.Assignment?.SiteId);
        Assert.Equal(
            [(MaintenanceLogKind.WindowPlanned, "test-admin"), (MaintenanceLogKind.Work, "technician")],
            log.Select(e => (e.Kind, e.By)));
        Assert.Equal(["coolant filter"], log[1].PartsReplaced);
    }

    [Fact]
    public async Task An_order_with_every_fitting_cell_in_maintenance_is_unroutable_until_a_window_is_cleared()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, PatientLiveness);
        await node.SeedTwoCitiesAsync();
        var until = _clock.GetUtcNow().AddHours(4);
        foreach (var site in new[] { "osaka-01", "tokyo-01" })
        {
            await node.Grains.GetGrain<ISiteGrain>(site).SetMaintenanceAsync("cell-1", null, until, "annual inspection", "test-admin");
        }

        var submitted = (await node.SubmitAsync("everywhere-in-maintenance")).Order;
        await node.Grains.GetGrain<ISiteGrain>("tokyo-01").ClearMaintenanceAsync("cell-1", "test-admin");
        await node.Recovery.PassAsync(TimeSpan.Zero);

        Assert.Equal(OrderStatus.Unroutable, submitted.Status);
        Assert.Contains("maintenance", submitted.History[^1].Reason, StringComparison.Ordinal);
        Assert.Equal("tokyo-01", (await node.OrderAsync("everywhere-in-maintenance")).Assignment?.SiteId);
    }

    [Fact]
    public async Task A_window_that_ends_before_it_starts_or_in_the_past_is_refused_with_the_field_named()
    {
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), _clock, PatientLiveness);
        await node.SeedTwoCitiesAsync();
        var osaka = node.Grains.GetGrain<ISiteGrain>("osaka-01");
        var now = _clock.GetUtcNow();

        var backwards = await Assert.ThrowsAsync<DomainValidationException>(() => osaka.SetMaintenanceAsync("cell-1", now.AddHours(2), now.AddHours(1), "x", "a"));
        var past = await Assert.ThrowsAsync<DomainValidationException>(() => osaka.SetMaintenanceAsync("cell-1", now.AddHours(-3), now.AddHours(-1), "x", "a"));
        await Assert.ThrowsAsync<NotFoundException>(() => osaka.SetMaintenanceAsync("cell-9", null, now.AddHours(1), "x", "a"));

        Assert.Equal("until", backwards.Field);
        Assert.Equal("until", past.Field);
    }
}
