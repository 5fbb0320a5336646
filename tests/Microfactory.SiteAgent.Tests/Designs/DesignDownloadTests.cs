using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microfactory.SiteAgent.Tests.Support.DesignMessages;
using GrpcStatus = Grpc.Core.Status;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace Microfactory.SiteAgent.Tests.Designs;

/// <summary>A DesignUpdate INSTALL over the link: download, verify, install on disk and on the cell, report.</summary>
public sealed class DesignDownloadTests
{
    private const string Version = "bracket-a@2.0.0";

    [Fact]
    public async Task A_bundle_is_downloaded_verified_installed_and_reported_once_then_listed_in_the_next_Hello()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var bundle = Bundle((1024 * 1024) + 17, seed: 7);
        var sha = ServedArtifact.Sha256Of(bundle);
        peer.Artifacts[sha] = ServedArtifact.FromBytes(bundle);
        var configuration = DesignConfiguration(peer);
        await using var agent = await LinkedAgent.StartAsync(configuration);
        var c1 = await peer.NextConnectionAsync("the agent's Connect");

        c1.Send(Install(1, Version, sha, bundle.Length, "cnc-1"));
        await c1.WaitForAsync(HasDesignAck(Version, DesignInstallStatus.Installed), "the design to be installed");

        var acks = c1.Acks(Version);
        Assert.Equal([DesignInstallStatus.Downloading, DesignInstallStatus.Installed], acks.Select(a => a.Status));
        Assert.Equal(["cnc-1"], acks[1].CellIds);
        Assert.Equal(sha, acks[1].Sha256);
        Assert.Equal("rollout-" + Version, acks[1].RolloutId);
        Assert.Contains(c1.Received, m => m.Ack?.Sequence == 1);
        Assert.Equal(bundle, File.ReadAllBytes(Path.Combine(DesignsDirectory(configuration), "bracket-a", "2.0.0", "bundle")));
        Assert.Equal("2.0.0", File.ReadAllText(Path.Combine(DesignsDirectory(configuration), "bracket-a", "current")));
        Assert.Empty(Directory.GetFiles(Path.Combine(DesignsDirectory(configuration), ".downloads")));
        var cell = agent.Host.Services.GetRequiredService<CellDrivers>().Get("cnc-1").GetStatus();
        Assert.Contains(cell.InstalledDesigns, d => d.DesignVersion == Version && d.Sha256 == sha);
        Assert.Contains(cell.InstalledDesigns, d => d.DesignVersion == "bracket-a@1.0.0");

        // The resent update (at-least-once after a reconnect) installs nothing again; the next Hello lists the design.
        c1.Drop(new GrpcStatus(GrpcStatusCode.Unavailable, "node restarting"));
        await agent.Clock.AdvanceToTimerWithinAsync(TimeSpan.FromMinutes(5), "the reconnect backoff");
        var c2 = await peer.NextConnectionAsync("the agent's reconnect");
        var hello = Assert.Single(c2.Hello.Cells, c => c.CellId == "cnc-1");
        Assert.Contains(hello.InstalledDesigns, d => d.DesignVersion == Version && d.Sha256 == sha);
        c2.Send(Install(1, Version, sha, bundle.Length, "cnc-1"));
        await c2.WaitForAsync(m => m.Any(x => x.Ack?.Sequence == 1), "the resent update to be acked");
        Assert.Empty(c2.Acks(Version));
        Assert.Equal([0UL], peer.Artifacts[sha].RequestedOffsets);
    }

    [Fact]
    public async Task A_download_not_matching_its_SHA256_is_retried_from_zero_never_installed_and_ends_FAILED()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var bundle = Bundle(600 * 1024, seed: 1);
        var sha = ServedArtifact.Sha256Of(bundle);
        var corrupted = (byte[])bundle.Clone();
        corrupted[300_000] ^= 0x40;
        peer.Artifacts[sha] = ServedArtifact.FromBytes(corrupted);
        var configuration = DesignConfiguration(peer, attempts: 3);
        await using var agent = await LinkedAgent.StartAsync(configuration);
        var connection = await peer.NextConnectionAsync("the agent's Connect");

        connection.Send(Install(1, Version, sha, bundle.Length, "cnc-1"));
        await connection.WaitForAsync(HasDesignAck(Version, DesignInstallStatus.Failed), "the install to fail");

        var failed = connection.Acks(Version).Last();
        Assert.Contains("after 3 download attempts", failed.Reason, StringComparison.Ordinal);
        Assert.Contains($"SHA-256 {ServedArtifact.Sha256Of(corrupted)}", failed.Reason, StringComparison.Ordinal);
        Assert.Equal([0UL, 0UL, 0UL], peer.Artifacts[sha].RequestedOffsets);
        Assert.DoesNotContain(connection.Acks(Version), a => a.Status == DesignInstallStatus.Installed);
        Assert.False(Directory.Exists(Path.Combine(DesignsDirectory(configuration), "bracket-a")));
        Assert.Empty(Directory.GetFiles(Path.Combine(DesignsDirectory(configuration), ".downloads")));
        var cell = agent.Host.Services.GetRequiredService<CellDrivers>().Get("cnc-1").GetStatus();
        Assert.DoesNotContain(cell.InstalledDesigns, d => d.DesignVersion == Version);
    }

    [Fact]
    public async Task A_broken_download_resumes_from_the_bytes_already_held()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var bundle = Bundle(1024 * 1024, seed: 3);
        var sha = ServedArtifact.Sha256Of(bundle);
        peer.Artifacts[sha] = ServedArtifact.FromBytes(bundle);
        peer.Artifacts[sha].BreakAt = 300 * 1024;
        peer.Artifacts[sha].BreaksLeft = 1;
        var configuration = DesignConfiguration(peer);
        await using var agent = await LinkedAgent.StartAsync(configuration);
        var connection = await peer.NextConnectionAsync("the agent's Connect");

        connection.Send(Install(1, Version, sha, bundle.Length, "cnc-1"));
        await connection.WaitForAsync(HasDesignAck(Version, DesignInstallStatus.Installed), "the design to be installed");

        // Two 256 KiB chunks arrived before the break; the second call asks for the rest only.
        Assert.Equal([0UL, 512UL * 1024], peer.Artifacts[sha].RequestedOffsets);
        Assert.Equal(bundle, File.ReadAllBytes(Path.Combine(DesignsDirectory(configuration), "bracket-a", "2.0.0", "bundle")));
        Assert.Single(connection.Acks(Version), a => a.Status == DesignInstallStatus.Installed);
    }

    [Fact]
    public async Task A_design_listed_in_FailInstallFor_fails_with_a_reason_naming_the_option()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var bundle = Bundle(4096, seed: 4);
        var sha = ServedArtifact.Sha256Of(bundle);
        peer.Artifacts[sha] = ServedArtifact.FromBytes(bundle);
        var configuration = DesignConfiguration(peer);
        configuration["Agent:Designs:FailInstallFor:0"] = Version;
        await using var agent = await LinkedAgent.StartAsync(configuration);
        var connection = await peer.NextConnectionAsync("the agent's Connect");

        connection.Send(Install(1, Version, sha, bundle.Length, "cnc-1"));
        await connection.WaitForAsync(HasDesignAck(Version, DesignInstallStatus.Failed), "the injected failure");

        var failed = connection.Acks(Version).Last();
        Assert.Contains("Agent:Designs:FailInstallFor", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(["cnc-1"], failed.CellIds);
        Assert.False(Directory.Exists(Path.Combine(DesignsDirectory(configuration), "bracket-a")));
        var cell = agent.Host.Services.GetRequiredService<CellDrivers>().Get("cnc-1").GetStatus();
        Assert.DoesNotContain(cell.InstalledDesigns, d => d.DesignVersion == Version);
    }

    [Fact]
    public async Task An_update_naming_an_unknown_artifact_or_cell_fails_with_the_reason()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        await using var agent = await LinkedAgent.StartAsync(DesignConfiguration(peer));
        var connection = await peer.NextConnectionAsync("the agent's Connect");
        var missing = new string('a', 64);

        connection.Send(Install(1, Version, missing, 100, "cnc-1"));
        connection.Send(Install(2, "gear-b@1.0.0", missing, 100, "lathe-9"));
        await connection.WaitForAsync(HasDesignAck(Version, DesignInstallStatus.Failed), "the missing artifact to fail");
        await connection.WaitForAsync(HasDesignAck("gear-b@1.0.0", DesignInstallStatus.Failed), "the unknown cell to fail");

        Assert.Contains("NotFound", connection.Acks(Version).Last().Reason, StringComparison.Ordinal);
        Assert.Contains("no cell 'lathe-9'", connection.Acks("gear-b@1.0.0").Last().Reason, StringComparison.Ordinal);
    }
}
