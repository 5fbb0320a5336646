using System.Net;
using Microfactory.Network.Cells;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.CellOperations;

/// <summary>Maintenance windows and the maintenance log through the API: admins write, planners read, bad input is named.</summary>
public sealed class MaintenanceApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.Admin();
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    [Fact]
    public async Task An_admin_plans_and_clears_a_window_and_the_log_keeps_who_when_and_why()
    {
        await _seed.CityAsync("kyoto", 35.01, 135.77);
        await _seed.SiteAsync("kyoto-01", "kyoto", 35.00, 135.76, ["cnc"]);
        var from = DateTimeOffset.UtcNow.AddHours(1);
        var until = from.AddHours(6);

        var planned = await _admin.PutAsync("/api/sites/kyoto-01/cells/cell-1/maintenance", Json.Body(new { from, until, reason = "spindle bearing" })).Within("PUT maintenance");
        var cell = await planned.ReadAsync<CellView>();
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        Assert.Equal((from, until, "spindle bearing", "test-admin"), (cell.Maintenance!.From, cell.Maintenance.Until, cell.Maintenance.Reason, cell.Maintenance.SetBy));
        var site = await (await _planner.GetAsync("/api/sites/kyoto-01").Within("GET the site")).ReadAsync<Network.Sites.SiteView>();
        Assert.Equal(until, Assert.Single(site.Cells).Maintenance?.Until);

        var work = new { reason = "bearing noise at 12k rpm", partsReplaced = new[] { "spindle bearing 7014", " " }, notes = "run-in 30 min" };
        var recorded = await _admin.PostAsync("/api/sites/kyoto-01/cells/cell-1/maintenance-log", Json.Body(work)).Within("POST a log entry");
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var cleared = await (await _admin.DeleteAsync("/api/sites/kyoto-01/cells/cell-1/maintenance").Within("DELETE maintenance")).ReadAsync<CellView>();
        Assert.Null(cleared.Maintenance);
        var clearedAgain = await _admin.DeleteAsync("/api/sites/kyoto-01/cells/cell-1/maintenance").Within("DELETE maintenance again");
        Assert.Equal(HttpStatusCode.OK, clearedAgain.StatusCode);

        var log = await (await _planner.GetAsync("/api/sites/kyoto-01/cells/cell-1/maintenance-log").Within("GET the log")).ReadAsync<List<MaintenanceLogEntry>>();
        Assert.Equal([MaintenanceLogKind.WindowPlanned, MaintenanceLogKind.Work, MaintenanceLogKind.WindowCleared], log.Select(e => e.Kind));
        Assert.All(log, e => Assert.Equal("test-admin", e.By));
        Assert.Equal(["spindle bearing 7014"], log[1].PartsReplaced);
        Assert.Equal(("bearing noise at 12k rpm", "run-in 30 min"), (log[1].Reason, log[1].Notes));
        Assert.Equal("spindle bearing", log[2].Reason);
    }

    [Fact]
    public async Task Planners_read_but_cannot_plan_maintenance_or_write_the_log()
    {
        var until = DateTimeOffset.UtcNow.AddHours(2);

        var put = await _planner.PutAsync("/api/sites/kyoto-01/cells/cell-1/maintenance", Json.Body(new { until, reason = "x" })).Within("PUT as planner");
        var delete = await _planner.DeleteAsync("/api/sites/kyoto-01/cells/cell-1/maintenance").Within("DELETE as planner");
        var post = await _planner.PostAsync("/api/sites/kyoto-01/cells/cell-1/maintenance-log", Json.Body(new { reason = "x" })).Within("POST log as planner");

        await put.ProblemAsync(403);
        await delete.ProblemAsync(403);
        await post.ProblemAsync(403);
    }

    [Fact]
    public async Task Bad_windows_and_log_entries_are_refused_with_the_field_named()
    {
        await _seed.CityAsync("nara", 34.68, 135.80);
        await _seed.SiteAsync("nara-01", "nara", 34.67, 135.81, ["cnc"]);
        var now = DateTimeOffset.UtcNow;
        const string cell = "/api/sites/nara-01/cells/cell-1";

        var noUntil = await _admin.PutAsync($"{cell}/maintenance", Json.Body(new { reason = "x" })).Within("no until");
        var noReason = await _admin.PutAsync($"{cell}/maintenance", Json.Body(new { until = now.AddHours(1) })).Within("no reason");
        var backwards = await _admin.PutAsync($"{cell}/maintenance", Json.Body(new { from = now.AddHours(2), until = now.AddHours(1), reason = "x" })).Within("backwards");
        var past = await _admin.PutAsync($"{cell}/maintenance", Json.Body(new { from = now.AddHours(-2), until = now.AddHours(-1), reason = "x" })).Within("past");
        var longReason = await _admin.PutAsync($"{cell}/maintenance", Json.Body(new { until = now.AddHours(1), reason = new string('r', 501) })).Within("long reason");
        var longPart = await _admin.PostAsync($"{cell}/maintenance-log", Json.Body(new { reason = "x", partsReplaced = new[] { new string('p', 201) } })).Within("long part");
        var unknownCell = await _admin.PutAsync("/api/sites/nara-01/cells/cell-7/maintenance", Json.Body(new { until = now.AddHours(1), reason = "x" })).Within("unknown cell");
        var unknownLog = await _planner.GetAsync("/api/sites/ghost-01/cells/cell-1/maintenance-log").Within("unknown site's log");

        Assert.Equal("until", (await noUntil.ProblemAsync(400)).Extensions["field"]?.ToString());
        Assert.Equal("reason", (await noReason.ProblemAsync(400)).Extensions["field"]?.ToString());
        Assert.Equal("until", (await backwards.ProblemAsync(422)).Extensions["field"]?.ToString());
        Assert.Equal("until", (await past.ProblemAsync(422)).Extensions["field"]?.ToString());
        Assert.Equal("reason", (await longReason.ProblemAsync(400)).Extensions["field"]?.ToString());
        Assert.Equal("partsReplaced[0]", (await longPart.ProblemAsync(400)).Extensions["field"]?.ToString());
        Assert.Contains("cell-7", (await unknownCell.ProblemAsync(404)).Detail);
        Assert.Contains("ghost-01", (await unknownLog.ProblemAsync(404)).Detail);
    }
}
