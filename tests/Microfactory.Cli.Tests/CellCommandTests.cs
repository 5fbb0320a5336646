using Microfactory.Cli.Tests.Support;

namespace Microfactory.Cli.Tests;

/// <summary>A maintenance planner plans, records and clears maintenance on one cell with mf; a remote operator confirms a gate.</summary>
[Collection(SharedNetworkCollection.Name)]
public sealed class CellCommandTests(SharedNetwork shared)
{
    private const string Site = "osaka-03";
    private const string Cell = "cell-1";

    [Fact]
    public async Task A_planned_window_recorded_work_and_the_clearing_all_show_in_the_cells_log()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);

        var planned = await mf.RunAsync("cells", "maintenance", "plan", Site, Cell, "--until", "2h", "--reason", "spindle bearing noise");
        Assert.True(planned.ExitCode == 0, planned.ToString());
        Assert.Matches(@$"Cell {Cell} of {Site}: maintenance \d{{4}}-\d\d-\d\d \d\d:\d\dZ to \d{{4}}-\d\d-\d\d \d\d:\d\dZ \(spindle bearing noise\)", planned.Out);
        var site = (await mf.RunAsync("sites", "list", "--json")).Json().EnumerateArray().Single(s => s.GetProperty("id").GetString() == Site);
        var cell = site.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("id").GetString() == Cell);
        Assert.Equal("spindle bearing noise", cell.GetProperty("maintenance").GetProperty("reason").GetString());

        var recorded = await mf.RunAsync("cells", "maintenance", "record", Site, Cell, "--reason", "bearing replaced", "--part", "spindle bearing 7014", "--part", "seal");
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Contains("parts replaced: spindle bearing 7014, seal", recorded.Out, StringComparison.Ordinal);

        var cleared = await mf.RunAsync("cells", "maintenance", "clear", Site, Cell);
        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        Assert.Contains("has no maintenance window", cleared.Out, StringComparison.Ordinal);

        var log = await mf.RunAsync("cells", "maintenance", "log", Site, Cell, "--json");
        Assert.True(log.ExitCode == 0, log.ToString());
        var kinds = log.Json().EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["WindowPlanned", "Work", "WindowCleared"], kinds.TakeLast(3));
        var work = log.Json().EnumerateArray().Single(e => e.GetProperty("reason").GetString() == "bearing replaced");
        Assert.Equal(["spindle bearing 7014", "seal"], work.GetProperty("partsReplaced").EnumerateArray().Select(p => p.GetString()));

        var table = await mf.RunAsync("cells", "maintenance", "log", Site, Cell);
        Assert.Contains("WindowCleared", table.Out, StringComparison.Ordinal);
        Assert.Contains("entries", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_window_that_ends_in_the_past_is_refused_with_the_apis_reason()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);

        var refused = await mf.RunAsync("cells", "maintenance", "plan", Site, Cell, "--until", "2020-01-01T00:00Z", "--reason", "too late");

        Assert.True(refused.ExitCode == ExitCodes.Rejected, refused.ToString());
        Assert.Contains("until", refused.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Confirming_a_cell_that_waits_for_no_operator_says_so_and_an_unknown_cell_is_not_found()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);

        var notWaiting = await mf.RunAsync("cells", "confirm", Site, Cell, "--note", "bed cleared");
        Assert.True(notWaiting.ExitCode == ExitCodes.Rejected, notWaiting.ToString());
        Assert.Contains("is not waiting for an operator", notWaiting.Error, StringComparison.Ordinal);

        var unknown = await mf.RunAsync("cells", "confirm", Site, "no-such-cell");
        Assert.True(unknown.ExitCode == ExitCodes.NotFound, unknown.ToString());
    }

    [Fact]
    public async Task A_time_that_is_neither_a_date_nor_a_time_from_now_is_a_usage_error()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);

        var bad = await mf.RunAsync("cells", "maintenance", "plan", Site, Cell, "--until", "soon", "--reason", "x");

        Assert.True(bad.ExitCode == ExitCodes.Usage, bad.ToString());
        Assert.Contains("--until 'soon' is neither a date and time", bad.Error, StringComparison.Ordinal);
    }
}
