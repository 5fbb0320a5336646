using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Drivers;

public sealed class ChangeoverTests
{
    private readonly SteppedClock _clock = new();

    [Fact]
    public async Task A_job_for_the_loaded_design_starts_making_parts_at_once()
    {
        using var cell = TestCells.Create(_clock);
        var progress = new ProgressLog();

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 5), progress, default), "a 5-part job");

        Assert.Equal(JobOutcome.Completed, result.Outcome);
        Assert.Equal(TestCells.Cycle * 5, result.FinishedAt - result.StartedAt);
        Assert.DoesNotContain(JobStage.ChangeoverStarted, progress.Stages);
    }

    [Fact]
    public async Task A_job_for_another_design_changes_over_first_and_leaves_the_cell_set_up_for_it()
    {
        using var cell = TestCells.Create(_clock);
        var progress = new ProgressLog();

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignB, 3), progress, default), "a job needing a changeover");

        Assert.Equal(TestCells.Changeover + (TestCells.Cycle * 3), result.FinishedAt - result.StartedAt);
        Assert.Equal(
            [JobStage.Started, JobStage.ChangeoverStarted, JobStage.ChangeoverCompleted, JobStage.PartCompleted, JobStage.PartCompleted, JobStage.PartCompleted],
            progress.Stages);
        Assert.Equal(TestCells.DesignB, cell.GetStatus().LoadedDesignVersion);
    }

    [Fact]
    public async Task Consecutive_jobs_for_the_same_design_change_over_once()
    {
        using var cell = TestCells.Create(_clock);

        var first = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignB, 2, "job-1"), null, default), "the first job");
        var second = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignB, 2, "job-2"), null, default), "the second job");
        var back = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 2, "job-3"), null, default), "the job going back to design A");

        Assert.Equal(TestCells.Changeover + (TestCells.Cycle * 2), first.FinishedAt - first.StartedAt);
        Assert.Equal(TestCells.Cycle * 2, second.FinishedAt - second.StartedAt);
        Assert.Equal(TestCells.Changeover + (TestCells.Cycle * 2), back.FinishedAt - back.StartedAt);
    }

    [Fact]
    public async Task Status_shows_changing_over_then_running_then_idle()
    {
        using var cell = TestCells.Create(_clock);
        var job = cell.RunJobAsync(TestCells.Job(TestCells.DesignB, 2), null, default);

        await _clock.NextTimerSetAsync("the changeover to begin");
        var changing = cell.GetStatus();
        Assert.Equal(CellState.ChangingOver, changing.State);
        Assert.Null(changing.LoadedDesignVersion);
        Assert.Equal("job-1", changing.CurrentJobId);

        await _clock.AdvanceToNextTimerAsync("the changeover to finish");
        await _clock.NextTimerSetAsync("the first part to begin");
        Assert.Equal(CellState.Running, cell.GetStatus().State);

        await _clock.RunUntilDoneAsync(job, "the job");
        var idle = cell.GetStatus();
        Assert.Equal(CellState.Idle, idle.State);
        Assert.Null(idle.CurrentJobId);
    }

    [Fact]
    public void Estimates_include_a_changeover_only_when_the_design_differs()
    {
        using var cell = TestCells.Create(_clock);

        Assert.Equal(TestCells.Cycle * 4, cell.EstimateDuration(TestCells.DesignA, 4));
        Assert.Equal(TestCells.Changeover + (TestCells.Cycle * 4), cell.EstimateDuration(TestCells.DesignB, 4));
    }
}
