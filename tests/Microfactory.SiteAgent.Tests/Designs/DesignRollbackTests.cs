using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microfactory.SiteAgent.Tests.Support.DesignMessages;
using static Microfactory.SiteAgent.Tests.Support.LinkedAgent;

namespace Microfactory.SiteAgent.Tests.Designs;

/// <summary>ROLLBACK, and design changes (install or rollback) waiting for the job a cell is running.</summary>
public sealed class DesignRollbackTests
{
    [Fact]
    public async Task A_rollback_removes_the_version_from_the_cell_and_disk_and_makes_the_previous_one_current()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var (older, newer) = (Bundle(2048, seed: 11), Bundle(4096, seed: 12));
        peer.Artifacts[ServedArtifact.Sha256Of(older)] = ServedArtifact.FromBytes(older);
        peer.Artifacts[ServedArtifact.Sha256Of(newer)] = ServedArtifact.FromBytes(newer);
        var configuration = DesignConfiguration(peer);
        await using var agent = await LinkedAgent.StartAsync(configuration);
        var connection = await peer.NextConnectionAsync("the agent's Connect");
        connection.Send(Install(1, "bracket-a@1.1.0", ServedArtifact.Sha256Of(older), older.Length, "cnc-1"));
        connection.Send(Install(2, "bracket-a@2.0.0", ServedArtifact.Sha256Of(newer), newer.Length, "cnc-1"));
        await connection.WaitForAsync(HasDesignAck("bracket-a@2.0.0", DesignInstallStatus.Installed), "2.0.0 to be installed");
        var product = Path.Combine(DesignsDirectory(configuration), "bracket-a");
        Assert.Equal("2.0.0", File.ReadAllText(Path.Combine(product, "current")));

        connection.Send(Rollback(3, "bracket-a@2.0.0", "bracket-a@1.1.0", "cnc-1"));
        await connection.WaitForAsync(HasDesignAck("bracket-a@2.0.0", DesignInstallStatus.RolledBack), "the rollback");

        var rolledBack = connection.Acks("bracket-a@2.0.0").Last();
        Assert.Equal(["cnc-1"], rolledBack.CellIds);
        Assert.Equal("rollout-bracket-a@2.0.0", rolledBack.RolloutId);
        Assert.False(Directory.Exists(Path.Combine(product, "2.0.0")));
        Assert.Equal(older, File.ReadAllBytes(Path.Combine(product, "1.1.0", "bundle")));
        Assert.Equal("1.1.0", File.ReadAllText(Path.Combine(product, "current")));
        var installed = agent.Host.Services.GetRequiredService<CellDrivers>().Get("cnc-1").GetStatus().InstalledDesigns.Select(d => d.DesignVersion);
        Assert.Equal(["bracket-a@1.0.0", "bracket-a@1.1.0"], installed);
    }

    [Fact]
    public async Task A_job_running_on_the_cell_finishes_all_its_parts_before_its_design_is_rolled_back()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        await using var agent = await LinkedAgent.StartAsync(DesignConfiguration(peer));
        var connection = await peer.NextConnectionAsync("the agent's Connect");
        connection.Send(Assignment(1, "job-a", 3));
        await connection.WaitForAsync(HasUpdate("job-a", JobUpdateKind.Started), "job-a to start");

        connection.Send(Rollback(2, "bracket-a@1.0.0", "", "cnc-1"));
        await connection.WaitForAsync(m => m.Any(x => x.Ack?.Sequence == 2), "the rollback to be recorded");
        await agent.DrivePartsAsync(connection, "job-a", 0, 3);
        await connection.WaitForAsync(HasDesignAck("bracket-a@1.0.0", DesignInstallStatus.RolledBack), "the rollback after the job");

        AssertDoneBefore(connection, "job-a", 3, DesignInstallStatus.RolledBack);
        Assert.Empty(agent.Host.Services.GetRequiredService<CellDrivers>().Get("cnc-1").GetStatus().InstalledDesigns);
    }

    [Fact]
    public async Task A_new_design_is_installed_on_a_busy_cell_only_after_its_running_job_made_all_its_parts()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var bundle = Bundle(8192, seed: 13);
        peer.Artifacts[ServedArtifact.Sha256Of(bundle)] = ServedArtifact.FromBytes(bundle);
        await using var agent = await LinkedAgent.StartAsync(DesignConfiguration(peer));
        var connection = await peer.NextConnectionAsync("the agent's Connect");
        connection.Send(Assignment(1, "job-b", 2));
        await connection.WaitForAsync(HasUpdate("job-b", JobUpdateKind.Started), "job-b to start");

        connection.Send(Install(2, "bracket-a@2.0.0", ServedArtifact.Sha256Of(bundle), bundle.Length, "cnc-1"));
        await connection.WaitForAsync(HasDesignAck("bracket-a@2.0.0", DesignInstallStatus.Downloading), "the download to start");
        await agent.DrivePartsAsync(connection, "job-b", 0, 2);
        await connection.WaitForAsync(HasDesignAck("bracket-a@2.0.0", DesignInstallStatus.Installed), "the install after the job");

        AssertDoneBefore(connection, "job-b", 2, DesignInstallStatus.Installed);
        Assert.Equal("bracket-a@1.0.0", agent.Host.Services.GetRequiredService<CellDrivers>().Get("cnc-1").GetStatus().LoadedDesignVersion);
    }

    // The job made all its parts and reported DONE before the design change was reported.
    private static void AssertDoneBefore(PeerConnection connection, string jobId, uint parts, DesignInstallStatus status)
    {
        var received = connection.Received.ToList();
        var done = received.FindIndex(m => m.JobUpdate is { Kind: JobUpdateKind.Done } u && u.JobId == jobId);
        var changed = received.FindIndex(m => m.DesignInstallAck?.Status == status);
        Assert.True(done >= 0 && done < changed, $"{jobId}'s DONE comes before {status}");
        Assert.Equal(parts, received[done].JobUpdate.GoodCount + received[done].JobUpdate.ScrapCount);
    }
}
