using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microfactory.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Microfactory.EndToEnd.Tests;

/// <summary>A bundle uploaded over the API reaches three real agents through a staged rollout; one site's install fails.</summary>
public sealed class DesignRolloutTests(ITestOutputHelper output)
{
    private const string NewVersion = "2.0.0";
    private const string NewDesign = $"{Network.Product}@{NewVersion}";

    [Fact]
    public async Task A_rollout_installs_the_uploaded_bundle_on_the_agents_and_reports_the_failing_site_with_its_reason()
    {
        var failing = new Dictionary<string, string> { ["osaka-03"] = NewDesign };
        await using var network = await Network.StartAsync(output, sites: 3, cycleTime: TimeSpan.FromMilliseconds(100), failInstallFor: failing);
        var bundle = new byte[(3 * 1024 * 1024) + 5];
        new Random(42).NextBytes(bundle);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bundle));
        await network.PutAsync($"/api/designs/{Network.Product}/versions/{NewVersion}", new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:06:00" });
        using (var upload = new ByteArrayContent(bundle))
        {
            upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            upload.Headers.Add("X-Content-SHA256", sha);
            using var uploaded = await network.Orchestrator.Admin.PutAsync(new Uri($"/api/designs/{Network.Product}/versions/{NewVersion}/bundle", UriKind.Relative), upload);
            Assert.True(uploaded.IsSuccessStatusCode, $"the bundle upload answered {(int)uploaded.StatusCode}: {await uploaded.Content.ReadAsStringAsync()}");
        }

        // Canary osaka-01, then osaka-02 and osaka-03; half of a wave installed moves on, two failures would abort.
        using var created = await network.Orchestrator.Admin.PostAsJsonAsync("/api/rollouts", new
        {
            id = "bracket-2",
            design = NewDesign,
            sha256 = sha,
            sizeBytes = bundle.Length,
            canaryCount = 1,
            steps = new[] { 100 },
            successThresholdPercent = 50,
            errorThreshold = 2,
        });
        Assert.True(created.IsSuccessStatusCode, $"POST /api/rollouts answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");

        RolloutState? rollout = null;
        await Await.Until(async () =>
        {
            rollout = await network.GetAsync<RolloutState>("/api/rollouts/bracket-2");
            Assert.False(rollout.Phase is "Aborted" or "RollingBack" or "RolledBack", $"the rollout ended {rollout.Phase}: {rollout.Reason}");
            return rollout.Phase == "Completed" && rollout.Sites.All(s => s.State is "Installed" or "Failed");
        }, "the rollout to complete with every site reporting", TimeSpan.FromSeconds(90));

        var sites = rollout!.Sites.ToDictionary(s => s.SiteId);
        Assert.Equal("Installed", sites["osaka-01"].State);
        Assert.Equal("Installed", sites["osaka-02"].State);
        Assert.Equal("Failed", sites["osaka-03"].State);
        Assert.True(sites["osaka-03"].InstallFailed);
        Assert.Contains("Agent:Designs:FailInstallFor", sites["osaka-03"].Reason, StringComparison.Ordinal);
        Assert.Equal(1, rollout.Failures);
        foreach (var site in new[] { "osaka-01", "osaka-02" })
        {
            Assert.Equal(bundle, File.ReadAllBytes(Path.Combine(network.Agent(site).StateDirectory, "designs", Network.Product, NewVersion, "bundle")));
        }

        Assert.False(Directory.Exists(Path.Combine(network.Agent("osaka-03").StateDirectory, "designs", Network.Product)));
    }
}

/// <summary>GET /api/rollouts/{id}, the parts this test checks.</summary>
public sealed record RolloutState(string Id, string Phase, string? Reason, int Failures, IReadOnlyList<RolloutSiteState> Sites);

public sealed record RolloutSiteState(string SiteId, string? State, bool InstallFailed, string? Reason);
