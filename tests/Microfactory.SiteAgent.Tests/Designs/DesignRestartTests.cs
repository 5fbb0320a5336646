using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.DesignMessages;

namespace Microfactory.SiteAgent.Tests.Designs;

/// <summary>An install in progress when the agent stops resumes after the restart, and is reported once.</summary>
public sealed class DesignRestartTests
{
    [Fact]
    public async Task An_agent_restarted_mid_download_resumes_it_and_reports_INSTALLED_exactly_once()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var bundle = Bundle(1024 * 1024, seed: 21);
        var sha = ServedArtifact.Sha256Of(bundle);
        var served = ServedArtifact.FromBytes(bundle);
        served.BreakAt = 1;
        served.BreaksLeft = 1;
        peer.Artifacts[sha] = served;

        // After the break the first agent would wait an hour to retry: it is stopped with one chunk in its part file.
        var configuration = DesignConfiguration(peer, backoff: "01:00:00");
        var first = await LinkedAgent.StartAsync(configuration);
        var c1 = await peer.NextConnectionAsync("the agent's Connect");
        c1.Send(Install(1, "bracket-a@2.0.0", sha, bundle.Length, "cnc-1"));
        var part = Path.Combine(DesignsDirectory(configuration), ".downloads", sha + ".part");
        await Await.Until(() => Task.FromResult(File.Exists(part) && new FileInfo(part).Length == 256 * 1024 && served.BreaksLeft == 0), "the first download to break after one chunk");
        await first.DisposeAsync();

        await using var second = await LinkedAgent.StartAsync(configuration);
        var c2 = await peer.NextConnectionAsync("the restarted agent's Connect");
        await c2.WaitForAsync(HasDesignAck("bracket-a@2.0.0", DesignInstallStatus.Installed), "the resumed install");

        Assert.Equal([0UL, 256UL * 1024], served.RequestedOffsets);
        var acks = c1.Acks("bracket-a@2.0.0").Concat(c2.Acks("bracket-a@2.0.0")).ToList();
        Assert.Single(acks, a => a.Status == DesignInstallStatus.Downloading);
        Assert.Single(acks, a => a.Status == DesignInstallStatus.Installed);
        Assert.Equal(bundle, File.ReadAllBytes(Path.Combine(DesignsDirectory(configuration), "bracket-a", "2.0.0", "bundle")));
    }
}
