using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Drivers;

public sealed class CancellationTests
{
    private readonly SteppedClock _clock = new();

    [Fact]
    public async Task Cancelling_mid_part_finishes_that_part_and_stops()
    {
        using var cell = TestCells.Create(_clock);
        using var cancel = new CancellationTokenSource();
        var start = _clock.GetUtcNow();
        var job = cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 10), null, cancel.Token);

        await _clock.AdvanceToNextTimerAsync("part 1");
        await _clock.AdvanceToNextTimerAsync("part 2");
        await _clock.NextTimerSetAsync("part 3 to begin");
        _clock.Advance(TestCells.Cycle / 2);
        await cancel.CancelAsync();
        var result = await _clock.RunUntilDoneAsync(job, "the cancelled job to stop");

        Assert.Equal(JobOutcome.Cancelled, result.Outcome);
        Assert.Equal(3, result.Good + result.Scrap);
        Assert.Equal(start + (TestCells.Cycle * 3), result.FinishedAt);
        Assert.Contains("3 of 10", result.Reason, StringComparison.Ordinal);
        Assert.Equal(CellState.Idle, cell.GetStatus().State);
    }

    [Fact]
    public async Task Cancelling_during_a_changeover_stops_at_once_and_leaves_the_design_unknown()
    {
        using var cell = TestCells.Create(_clock);
        using var cancel = new CancellationTokenSource();
        var start = _clock.GetUtcNow();
        var job = cell.RunJobAsync(TestCells.Job(TestCells.DesignB, 10), null, cancel.Token);

        await _clock.NextTimerSetAsync("the changeover to begin");
        _clock.Advance(TimeSpan.FromMinutes(4));
        await cancel.CancelAsync();
        var result = await job.Within("the job to stop mid-changeover");

        Assert.Equal(JobOutcome.Cancelled, result.Outcome);
        Assert.Equal((0, 0), (result.Good, result.Scrap));
        Assert.Equal(start + TimeSpan.FromMinutes(4), result.FinishedAt);
        Assert.Null(cell.GetStatus().LoadedDesignVersion);

        // Half set up counts for nothing: going back to design A costs a full changeover.
        var next = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 1, "job-2"), null, default), "the next job");
        Assert.Equal(TestCells.Changeover + TestCells.Cycle, next.FinishedAt - next.StartedAt);
    }

    [Fact]
    public async Task A_job_cancelled_before_it_starts_makes_nothing_and_keeps_the_setup()
    {
        using var cell = TestCells.Create(_clock);

        var result = await cell.RunJobAsync(TestCells.Job(TestCells.DesignB, 10), null, new CancellationToken(canceled: true)).Within("a pre-cancelled job");

        Assert.Equal(JobOutcome.Cancelled, result.Outcome);
        Assert.Equal((0, 0), (result.Good, result.Scrap));
        Assert.Equal(TestCells.DesignA, cell.GetStatus().LoadedDesignVersion);
    }

    [Fact]
    public async Task Cancelling_while_the_machine_is_down_does_not_wait_for_the_repair()
    {
        using var cell = TestCells.Create(_clock);
        using var cancel = new CancellationTokenSource();
        var job = cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 5), null, cancel.Token);

        await _clock.AdvanceToNextTimerAsync("part 1");
        await _clock.NextTimerSetAsync("part 2 to begin");
        cell.BreakDown(TimeSpan.FromHours(2), "coolant leak");
        await cancel.CancelAsync();
        var result = await job.Within("the job to stop while the machine is down");

        Assert.Equal(JobOutcome.Cancelled, result.Outcome);
        Assert.Equal(1, result.Good + result.Scrap);
        Assert.Equal(CellState.Down, cell.GetStatus().State);
    }
}
