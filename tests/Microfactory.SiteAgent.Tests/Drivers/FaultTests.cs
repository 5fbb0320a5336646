using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Drivers;

public sealed class FaultTests
{
    private readonly SteppedClock _clock = new();

    [Fact]
    public async Task A_breakdown_mid_part_pauses_the_job_and_the_part_is_redone_after_the_repair()
    {
        using var cell = TestCells.Create(_clock);
        var progress = new ProgressLog();
        var start = _clock.GetUtcNow();
        var job = cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 3), progress, default);

        await _clock.NextTimerSetAsync("part 1 to begin");
        _clock.Advance(TimeSpan.FromSeconds(30));
        cell.BreakDown(TimeSpan.FromMinutes(10), "spindle overheated");

        var down = cell.GetStatus();
        Assert.Equal(CellState.Down, down.State);
        Assert.Equal(start + TimeSpan.FromSeconds(30) + TimeSpan.FromMinutes(10), down.DownUntil);
        Assert.Equal("spindle overheated", down.DownReason);

        var result = await _clock.RunUntilDoneAsync(job, "the job after the repair");

        Assert.Equal(JobOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.Good + result.Scrap);
        // The half-made part is lost time: 30 s before the breakdown, 10 min down, then three full cycles.
        Assert.Equal(start + TimeSpan.FromSeconds(30) + TimeSpan.FromMinutes(10) + (TestCells.Cycle * 3), result.FinishedAt);
        Assert.Equal([JobStage.Started, JobStage.MachineDown, JobStage.MachineUp, JobStage.PartCompleted, JobStage.PartCompleted, JobStage.PartCompleted], progress.Stages);
        Assert.Equal("spindle overheated", progress.Reports.Single(r => r.Stage == JobStage.MachineDown).Detail);
    }

    [Fact]
    public async Task A_job_started_while_the_machine_is_down_waits_for_the_repair()
    {
        using var cell = TestCells.Create(_clock);
        cell.BreakDown(TimeSpan.FromHours(1), "scheduled maintenance overran");
        var start = _clock.GetUtcNow();

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 2), null, default), "a job on a down machine");

        Assert.Equal(start + TimeSpan.FromHours(1) + (TestCells.Cycle * 2), result.FinishedAt);
    }

    [Fact]
    public async Task An_idle_cell_reports_when_it_goes_down_and_when_it_is_back()
    {
        using var cell = TestCells.Create(_clock);
        var changes = new List<CellStatus>();
        cell.StatusChanged += (_, status) => changes.Add(status);

        cell.BreakDown(TimeSpan.FromMinutes(5), "door interlock");
        await _clock.AdvanceToNextTimerAsync("the machine to come back");

        Assert.Equal([CellState.Down, CellState.Idle], changes.Select(c => c.State));
        Assert.Equal(CellState.Idle, cell.GetStatus().State);
    }

    [Fact]
    public async Task A_job_failing_at_part_n_stops_there_with_that_part_scrapped()
    {
        using var cell = TestCells.Create(_clock);
        cell.FailJobAtPart(4, "tool broke");

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 10), null, default), "the failing job");

        Assert.Equal(JobOutcome.Failed, result.Outcome);
        Assert.Equal((3, 1), (result.Good, result.Scrap));
        Assert.Equal("tool broke", result.Reason);
        Assert.Equal(TestCells.Cycle * 4, result.FinishedAt - result.StartedAt);

        // The fault was one-off: the cell takes the next job and completes it.
        var next = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 10, "job-2"), null, default), "the next job");
        Assert.Equal(JobOutcome.Completed, next.Outcome);
        Assert.Equal(10, next.Good);
    }

    [Fact]
    public async Task A_job_for_a_design_the_cell_lacks_is_rejected_before_anything_is_made()
    {
        using var cell = TestCells.Create(_clock);

        var result = await cell.RunJobAsync(TestCells.Job("gear-c@3.0.0", 5), null, default).Within("the rejection");

        Assert.Equal(JobOutcome.Rejected, result.Outcome);
        Assert.Equal((0, 0), (result.Good, result.Scrap));
        Assert.Contains("gear-c@3.0.0", result.Reason, StringComparison.Ordinal);
        Assert.Equal(TestCells.DesignA, cell.GetStatus().LoadedDesignVersion);
    }

    [Fact]
    public async Task A_job_whose_design_hash_differs_from_the_installed_bundle_is_rejected()
    {
        using var cell = TestCells.Create(_clock);
        var installed = new string('a', 64);
        await cell.InstallDesignAsync(new DesignPackage("gear-c@3.0.0", installed), default).Within("the install");

        var job = new CellJob("job-9", "order-9", "gear-c@3.0.0", 2, designSha256: new string('b', 64));
        var result = await cell.RunJobAsync(job, null, default).Within("the rejection");

        Assert.Equal(JobOutcome.Rejected, result.Outcome);
        Assert.Contains(installed, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_job_while_one_runs_is_refused_naming_both()
    {
        using var cell = TestCells.Create(_clock);
        var running = cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 3, "job-running"), null, default);
        await _clock.NextTimerSetAsync("the first job to start");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 3, "job-second"), null, default));

        Assert.Contains("job-running", error.Message, StringComparison.Ordinal);
        Assert.Contains("job-second", error.Message, StringComparison.Ordinal);
        Assert.Equal(JobOutcome.Completed, (await _clock.RunUntilDoneAsync(running, "the first job")).Outcome);
    }
}
