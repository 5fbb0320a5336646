using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microfactory.Console.Tests.Support;

namespace Microfactory.Console.Tests;

/// <summary>
/// A rollout of plate@2.0.0: canary kyoto-01, then every other site, where kobe-01's agent fails the install. With a
/// 100% success threshold and an error threshold of two it stays running in its second wave, showing the failure
/// and its reason; an admin pauses and resumes it from the console, a planner sees it without the controls.
/// </summary>
[Collection(ConsoleNetworkCollection.Name)]
public sealed class RolloutPageTests(ConsoleNetwork network)
{
    private const string RolloutId = "console-rollout";

    [Fact]
    public async Task An_admin_sees_waves_and_a_failed_site_with_its_reason_and_pauses_and_resumes_the_rollout()
    {
        await StartRolloutAsync();
        await using var session = await network.SignInAsync(ConsoleNetwork.AdminKey);
        var page = session.Page;
        await session.NavigateAsync("Rollouts", "Rollouts");
        await Expect(page.Locator($"#rollouts tr[data-rollout='{RolloutId}']")).ToContainTextAsync(ConsoleNetwork.FailingDesign);
        await page.GetByRole(AriaRole.Link, new() { Name = RolloutId }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Rollout {RolloutId}", Level = 1 })).ToBeVisibleAsync();

        var failed = page.Locator($"#rollout-sites tr[data-site='{ConsoleNetwork.FailingSite}']");
        await Expect(failed).ToContainTextAsync("install failed", new() { Timeout = 60_000 });
        var reason = await failed.Locator("td").Nth(3).InnerTextAsync();
        Assert.False(string.IsNullOrWhiteSpace(reason), "a failed site shows why it failed");
        await Expect(page.Locator("#waves tr[data-wave='0']")).ToContainTextAsync("Succeeded");
        await Expect(page.Locator("#waves tr[data-wave='1']")).ToContainTextAsync("Running");
        await Expect(page.GetByTestId("phase")).ToHaveTextAsync("Running");

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();

        await Expect(page.GetByTestId("phase")).ToHaveTextAsync("Paused");
        Assert.Equal("Paused", (await network.Network.GetAsync<RolloutState>($"/api/rollouts/{RolloutId}")).Phase);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeDisabledAsync();
        await session.ScreenshotAsync("console-rollout");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();

        await Expect(page.GetByTestId("phase")).ToHaveTextAsync("Running");
        Assert.Equal("Running", (await network.Network.GetAsync<RolloutState>($"/api/rollouts/{RolloutId}")).Phase);
    }

    [Fact]
    public async Task A_planner_sees_the_rollout_but_no_controls_to_steer_it()
    {
        await StartRolloutAsync();
        await using var session = await network.SignInAsync(ConsoleNetwork.PlannerKey);
        var page = session.Page;

        await page.GotoAsync($"/rollouts/{RolloutId}");

        await Expect(page.Locator("#waves tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#rollout-sites tbody tr")).ToHaveCountAsync(network.SiteIds.Count);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Steer" })).ToHaveCountAsync(0);
        foreach (var control in new[] { "Pause", "Resume", "Abort", "Roll back" })
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = control })).ToHaveCountAsync(0);
        }
    }

    // Idempotent: whichever test runs first starts it, the other finds it (same id, same request).
    private async Task StartRolloutAsync()
    {
        var admin = network.Network.Orchestrator.Admin;
        await network.Network.PutAsync("/api/designs/plate/versions/2.0.0", new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:06:00" });
        var bundle = "plate 2.0.0 bundle: G-code and work instructions"u8.ToArray();
        using var upload = new HttpRequestMessage(HttpMethod.Put, "/api/designs/plate/versions/2.0.0/bundle") { Content = new ByteArrayContent(bundle) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        upload.Headers.Add("X-Content-SHA256", Convert.ToHexStringLower(SHA256.HashData(bundle)));
        using (var uploaded = await admin.SendAsync(upload))
        {
            Assert.True(uploaded.IsSuccessStatusCode, $"bundle upload answered {(int)uploaded.StatusCode}: {await uploaded.Content.ReadAsStringAsync()}");
        }

        using var started = await admin.PostAsJsonAsync("/api/rollouts", new
        {
            id = RolloutId,
            design = ConsoleNetwork.FailingDesign,
            canarySites = new[] { "kyoto-01" },
            steps = new[] { 100 },
            successThresholdPercent = 100,
            errorThreshold = 2,
        });
        Assert.True(started.IsSuccessStatusCode, $"POST /api/rollouts answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
    }

    private sealed record RolloutState(string Id, string Phase);
}
