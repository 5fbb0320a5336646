using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Simulation;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Drivers;

/// <summary>The simulated cell sizes its work by the job's size parameter (Simulated:SizeParameter) and meters energy the same way.</summary>
public sealed class SizeParameterTests
{
    private readonly SteppedClock _clock = new();

    private SimulatedCellDriver Cell() => TestCells.Create(_clock, o =>
    {
        o.SizeParameter = "length";
        o.ReferenceSize = 100;
        o.EnergyKwhPerPart = 0.2;
    });

    private static CellJob Sized(string? length) => TestCells.Job(TestCells.DesignA, 4) with
    {
        Parameters = length is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["length"] = length },
    };

    [Fact]
    public async Task Each_part_takes_the_cycle_time_scaled_by_size_over_the_reference_size()
    {
        using var cell = Cell();

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(Sized("250"), null, default), "a job of length 250");

        Assert.Equal(JobOutcome.Completed, result.Outcome);
        Assert.Equal(TestCells.Cycle * 2.5 * 4, result.FinishedAt - result.StartedAt);
        Assert.Equal(0.2 * 2.5 * 4, result.EnergyKwh!.Value, 9);
    }

    [Fact]
    public async Task A_job_without_the_parameter_takes_the_plain_cycle_time()
    {
        using var cell = Cell();

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(Sized(null), null, default), "a job without a length");

        Assert.Equal(TestCells.Cycle * 4, result.FinishedAt - result.StartedAt);
        Assert.Equal(0.2 * 4, result.EnergyKwh!.Value, 9);
    }

    [Fact]
    public async Task A_size_that_is_not_a_positive_number_is_rejected_before_anything_is_made()
    {
        using var cell = Cell();

        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(Sized("-3"), null, default), "a job of negative length");

        Assert.Equal(JobOutcome.Rejected, result.Outcome);
        Assert.Contains("'length'", result.Reason);
        Assert.Equal(0, result.Good + result.Scrap);
    }
}
