using System.Security.Cryptography;
using System.Text.Json;
using Microfactory.Cli.Tests.Support;
using Microfactory.EndToEnd.Tests.Support;

namespace Microfactory.Cli.Tests;

/// <summary>An admin uploads a bundle with mf, starts a rollout of it and watches it until it ends.</summary>
[Collection(SharedNetworkCollection.Name)]
public sealed class DesignRolloutCommandTests(SharedNetwork shared)
{
    [Fact]
    public async Task An_uploaded_bundle_reports_the_hash_the_server_stored_and_a_watched_rollout_of_it_ends_when_it_completes()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);
        await shared.Network.PutAsync($"/api/designs/{Network.Product}/versions/3.0.0", new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:06:00" });
        var bundle = new byte[(2 * 1024 * 1024) + 17];
        new Random(18).NextBytes(bundle);
        var file = Path.Combine(mf.Home, "bracket-3.0.0.bundle");
        await File.WriteAllBytesAsync(file, bundle);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bundle));

        var upload = await mf.RunAsync("designs", "upload", $"{Network.Product}@3.0.0", file);

        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.Matches($@"Stored sha256\s+{sha256}", upload.Out);
        Assert.Contains($"{bundle.Length} bytes", upload.Out, StringComparison.Ordinal);
        var versions = await shared.Network.GetAsync<List<JsonElement>>($"/api/designs/{Network.Product}");
        Assert.Equal(sha256, versions.Single(v => v.GetProperty("version").GetString() == "3.0.0").GetProperty("bundleSha256").GetString());

        var start = await mf.RunAsync("rollouts", "start", "--design", $"{Network.Product}@3.0.0", "--id", "cli-rollout", "--canary-count", "1", "--steps", "100");
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains("mf rollouts show cli-rollout --watch", start.Out, StringComparison.Ordinal);

        var watched = await mf.RunAsync(null, TimeSpan.FromSeconds(120), "rollouts", "show", "cli-rollout", "--watch", "--interval", "00:00:00.2");

        Assert.True(watched.ExitCode == ExitCodes.Ok, watched.ToString());
        Assert.Contains("Rollout cli-rollout of bracket@3.0.0: Completed", watched.Out, StringComparison.Ordinal);
        Assert.Matches(@"1\. canary\s+│\s+Succeeded\s+│\s+1/1", watched.Out);
        Assert.Matches(@"2\. 100%\s+│\s+Succeeded\s+│\s+2/2", watched.Out);
        var rollout = await shared.Network.GetAsync<JsonElement>("/api/rollouts/cli-rollout");
        Assert.Equal("Completed", rollout.GetProperty("phase").GetString());
    }

    [Fact]
    public async Task Uploading_a_different_file_for_a_version_that_has_a_bundle_is_refused_with_both_hashes()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);
        await shared.Network.PutAsync($"/api/designs/{Network.Product}/versions/3.1.0", new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:06:00" });
        var first = Path.Combine(mf.Home, "first.bundle");
        var second = Path.Combine(mf.Home, "second.bundle");
        await File.WriteAllTextAsync(first, "first bundle");
        await File.WriteAllTextAsync(second, "second bundle");
        Assert.Equal(0, (await mf.RunAsync("designs", "upload", $"{Network.Product}@3.1.0", first)).ExitCode);

        var again = await mf.RunAsync("designs", "upload", $"{Network.Product}@3.1.0", second);

        Assert.Equal(ExitCodes.Rejected, again.ExitCode);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData("first bundle"u8)), again.Error, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData("second bundle"u8)), again.Error, StringComparison.Ordinal);
    }
}
