using System.Net.Http.Json;
using Microfactory.Console.Tests.Support;

namespace Microfactory.Console.Tests;

/// <summary>The network page: the map from the cities' coordinates, the sites table, and both updating without a reload.</summary>
[Collection(ConsoleNetworkCollection.Name)]
public sealed class NetworkPageTests(ConsoleNetwork network)
{
    [Fact]
    public async Task The_network_page_shows_the_last_30_days_of_kpis_from_the_read_model()
    {
        await using var session = await network.SignInAsync(ConsoleNetwork.PlannerKey);

        var kpis = session.Page.GetByTestId("kpis");
        await Expect(kpis).ToContainTextAsync("Last 30 days:");
        await Expect(kpis).ToContainTextAsync("orders completed");
        await Expect(kpis).ToContainTextAsync("km delivered");
        await Expect(kpis).ToContainTextAsync("kg CO2e");
        await Expect(kpis).ToContainTextAsync("on time");
    }

    [Fact]
    public async Task The_network_fills_with_every_city_and_site_and_follows_a_drain_and_a_lost_agent_live()
    {
        // Some work queued, so the picture shows load.
        for (var i = 0; i < 4; i++)
        {
            await network.Network.SubmitAsync($"network-page-{Guid.NewGuid():N}", quantity: 20);
        }

        await using var session = await network.SignInAsync(ConsoleNetwork.PlannerKey);
        var page = session.Page;

        await Expect(page.Locator("svg.map g.map-city")).ToHaveCountAsync(3);
        foreach (var city in new[] { "Osaka", "Kyoto", "Kobe" })
        {
            await Expect(page.Locator("svg.map")).ToContainTextAsync(city);
            await Expect(page.Locator("#cities")).ToContainTextAsync(city);
        }

        await Expect(page.Locator("svg.map circle.map-site")).ToHaveCountAsync(network.SiteIds.Count);
        foreach (var site in network.SiteIds)
        {
            var row = page.Locator($"#sites tr[data-site='{site}']");
            await Expect(row).ToContainTextAsync("Online");
            await Expect(row.GetByTestId("agent")).ToHaveTextAsync("connected");
        }

        await Expect(page.GetByTestId("agents-connected")).ToHaveTextAsync($"agents connected {network.SiteIds.Count}");
        await Expect(page.Locator("#cities tr[data-city='osaka'] .util-value")).Not.ToHaveTextAsync("0%");
        await session.ScreenshotAsync("console-network");

        // A marker a reload would wipe: everything below must arrive through the live circuit.
        await page.EvaluateAsync("() => window.__notReloaded = true");

        await network.PostAsync("/api/sites/osaka-02/drain");
        var osaka02 = page.Locator("#sites tr[data-site='osaka-02']");
        await Expect(osaka02).ToContainTextAsync("Draining");
        var agent = network.Agent("kyoto-01");
        await agent.CrashAsync();
        var kyoto = page.Locator("#sites tr[data-site='kyoto-01']");
        await Expect(kyoto).ToContainTextAsync("Disconnected since");
        await Expect(kyoto.Locator(".badge.disconnected")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Disconnected since \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$"));
        await Expect(kyoto.GetByTestId("agent")).ToHaveTextAsync("disconnected");
        await Expect(page.GetByTestId("agents-connected")).ToHaveTextAsync($"agents connected {network.SiteIds.Count - 1}");
        await Expect(page.Locator("svg.map circle.map-site.draining")).ToHaveCountAsync(1);
        await Expect(page.Locator("svg.map circle.map-site.disconnected")).ToHaveCountAsync(1);
        await session.ScreenshotAsync("console-network-live");

        // A maintenance window on kobe-01's cell shows on its row, with the reason, and goes when it is cleared.
        var admin = network.Network.Orchestrator.Admin;
        var window = new { until = DateTimeOffset.UtcNow.AddHours(2), reason = "spindle bearing replacement" };
        (await admin.PutAsJsonAsync("/api/sites/kobe-01/cells/cell-1/maintenance", window)).EnsureSuccessStatusCode();
        var kobe = page.Locator("#sites tr[data-site='kobe-01']");
        await Expect(kobe.GetByTestId("in-maintenance")).ToHaveTextAsync("1 in maintenance");
        await Expect(kobe.GetByTestId("in-maintenance")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("cell-1 until .*: spindle bearing replacement"));
        (await admin.DeleteAsync("/api/sites/kobe-01/cells/cell-1/maintenance")).EnsureSuccessStatusCode();
        await Expect(kobe.GetByTestId("in-maintenance")).ToHaveCountAsync(0);

        await network.PostAsync("/api/sites/osaka-02/resume");
        await Expect(osaka02).ToContainTextAsync("Online");
        agent.Start();
        await Expect(kyoto.GetByTestId("agent")).ToHaveTextAsync("connected");
        await Expect(kyoto).ToContainTextAsync("Online");

        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was reloaded: the updates must come live");
    }
}
