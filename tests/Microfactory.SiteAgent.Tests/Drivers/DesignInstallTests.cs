using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Drivers;

public sealed class DesignInstallTests
{
    private static readonly string Hash = new('c', 64);
    private readonly SteppedClock _clock = new();

    [Fact]
    public async Task An_installed_design_can_be_run_and_is_listed_with_its_hash()
    {
        using var cell = TestCells.Create(_clock);
        var changes = new List<CellStatus>();
        cell.StatusChanged += (_, status) => changes.Add(status);

        var install = await cell.InstallDesignAsync(new DesignPackage("gear-c@3.0.0", Hash), default).Within("the install");
        var result = await _clock.RunUntilDoneAsync(cell.RunJobAsync(TestCells.Job("gear-c@3.0.0", 2), null, default), "a job for the new design");

        Assert.True(install.Installed);
        Assert.Contains(new InstalledDesign("gear-c@3.0.0", Hash), cell.GetStatus().InstalledDesigns);
        Assert.Contains(changes, c => c.InstalledDesigns.Any(d => d.DesignVersion == "gear-c@3.0.0"));
        Assert.Equal(JobOutcome.Completed, result.Outcome);
    }

    [Fact]
    public async Task Installing_during_a_job_does_not_interrupt_it_or_change_the_setup()
    {
        using var cell = TestCells.Create(_clock, s => s.InstallTime = TimeSpan.FromMinutes(2));
        var job = cell.RunJobAsync(TestCells.Job(TestCells.DesignA, 5), null, default);
        await _clock.NextTimerSetAsync("the job to start");

        var install = cell.InstallDesignAsync(new DesignPackage("gear-c@3.0.0", Hash), default);
        var result = await _clock.RunUntilDoneAsync(job, "the job running beside the install");

        Assert.Equal(JobOutcome.Completed, result.Outcome);
        Assert.Equal(TestCells.Cycle * 5, result.FinishedAt - result.StartedAt);
        Assert.True((await install.Within("the install")).Installed);
        Assert.Equal(TestCells.DesignA, cell.GetStatus().LoadedDesignVersion);
    }

    [Fact]
    public async Task An_injected_install_failure_is_reported_once_and_installs_nothing()
    {
        using var cell = TestCells.Create(_clock);
        cell.FailNextInstall("disk full");

        var failed = await cell.InstallDesignAsync(new DesignPackage("gear-c@3.0.0", Hash), default).Within("the failing install");
        Assert.False(failed.Installed);
        Assert.Equal("disk full", failed.Reason);
        Assert.DoesNotContain(cell.GetStatus().InstalledDesigns, d => d.DesignVersion == "gear-c@3.0.0");

        var retried = await cell.InstallDesignAsync(new DesignPackage("gear-c@3.0.0", Hash), default).Within("the retried install");
        Assert.True(retried.Installed);
    }

    [Fact]
    public async Task The_same_version_with_a_different_bundle_is_refused()
    {
        using var cell = TestCells.Create(_clock);
        await cell.InstallDesignAsync(new DesignPackage("gear-c@3.0.0", Hash), default).Within("the first install");

        var second = await cell.InstallDesignAsync(new DesignPackage("gear-c@3.0.0", new string('d', 64)), default).Within("the conflicting install");

        Assert.False(second.Installed);
        Assert.Contains(Hash, second.Reason, StringComparison.Ordinal);
        Assert.Contains(new InstalledDesign("gear-c@3.0.0", Hash), cell.GetStatus().InstalledDesigns);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC")]
    public async Task A_malformed_hash_is_an_argument_error_naming_the_design(string sha256)
    {
        using var cell = TestCells.Create(_clock);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => cell.InstallDesignAsync(new DesignPackage("gear-c@3.0.0", sha256), default));

        Assert.Contains("gear-c@3.0.0", error.Message, StringComparison.Ordinal);
    }
}
