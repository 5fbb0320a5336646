using Microfactory.SiteAgent.Contracts;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Tests.Support;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Tests.Contracts;

public sealed class ContractMappingTests
{
    private readonly SteppedClock _clock = new();

    [Fact]
    public void Every_driver_state_and_outcome_has_a_contract_value()
    {
        Assert.All(Enum.GetValues<CellState>(), s => Assert.NotEqual(V1.CellState.Unspecified, s.ToContract()));
        Assert.Equal(Enum.GetValues<CellState>().Length, Enum.GetValues<CellState>().Select(s => s.ToContract()).Distinct().Count());
        Assert.All(Enum.GetValues<JobOutcome>(), o => Assert.NotEqual(V1.JobUpdateKind.Unspecified, o.ToUpdateKind()));
        Assert.Equal(Enum.GetValues<JobOutcome>().Length, Enum.GetValues<JobOutcome>().Select(o => o.ToUpdateKind()).Distinct().Count());
    }

    [Fact]
    public async Task A_cell_is_described_for_Hello_and_capacity_reports()
    {
        using var cell = TestCells.Create(_clock);
        await cell.InstallDesignAsync(new DesignPackage("gear-c@3.0.0", new string('e', 64)), default).Within("the install");
        cell.BreakDown(TimeSpan.FromMinutes(30), "coolant change");

        var info = cell.ToCellInfo();
        Assert.Equal("cnc-1", info.CellId);
        Assert.Equal(["cnc-milling"], info.Capabilities);
        Assert.Equal(V1.CellState.Down, info.State);
        Assert.Equal(TestCells.DesignA, info.LoadedDesignVersion);
        Assert.Equal("simulated", info.Driver);
        Assert.Contains(info.InstalledDesigns, d => d.DesignVersion == "gear-c@3.0.0" && d.Sha256 == new string('e', 64));

        var capacity = cell.ToCellCapacity(TimeSpan.FromHours(3), queueDepth: 2);
        Assert.Equal(TimeSpan.FromHours(3), capacity.Backlog.ToTimeSpan());
        Assert.Equal(2u, capacity.QueueDepth);
        Assert.Equal(16, capacity.HoursAvailablePerDay);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(30), capacity.DownUntil.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_job_run_becomes_started_progress_and_a_final_update()
    {
        using var cell = TestCells.Create(_clock, s => s.ScrapRate = 0.5);
        var assignment = new V1.JobAssignment { JobId = "job-4", OrderId = "order-4", CellId = "cnc-1", DesignVersion = TestCells.DesignA, Quantity = 6 };
        var job = assignment.ToCellJob();
        var progress = new ProgressLog();

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(job, progress, default), "the job");
        var updates = progress.Reports.Select(p => p.ToJobUpdate(job, "cnc-1", result.StartedAt)).OfType<V1.JobUpdate>().ToList();
        var final = result.ToJobUpdate(job, "cnc-1");

        Assert.Equal(V1.JobUpdateKind.Started, updates[0].Kind);
        Assert.Equal(Enumerable.Repeat(V1.JobUpdateKind.Progress, 6), updates.Skip(1).Select(u => u.Kind));
        Assert.Equal(V1.JobUpdateKind.Done, final.Kind);
        Assert.Equal((uint)result.Good, final.GoodCount);
        Assert.Equal(6u, final.GoodCount + final.ScrapCount);
        Assert.Equal(result.FinishedAt, final.FinishedAt.ToDateTimeOffset());
        Assert.Equal(result.StartedAt, final.StartedAt.ToDateTimeOffset());
        Assert.All(updates.Append(final), u => Assert.Equal(("job-4", "order-4", "cnc-1", 6u), (u.JobId, u.OrderId, u.CellId, u.Quantity)));
    }

    [Fact]
    public void An_assignment_without_parts_is_refused_naming_the_job()
    {
        var assignment = new V1.JobAssignment { JobId = "job-0", OrderId = "order-0", DesignVersion = TestCells.DesignA, Quantity = 0 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => assignment.ToCellJob());

        Assert.Contains("job-0", error.Message, StringComparison.Ordinal);
    }
}
