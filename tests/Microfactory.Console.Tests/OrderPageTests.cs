using System.Text.RegularExpressions;
using Microfactory.Console.Tests.Support;

namespace Microfactory.Console.Tests;

/// <summary>Orders: found by id and by filters; an order's page shows its timeline, where it is and why it went there.</summary>
[Collection(ConsoleNetworkCollection.Name)]
public sealed partial class OrderPageTests(ConsoleNetwork network)
{
    [Fact]
    public async Task An_order_found_by_id_shows_its_timeline_its_site_the_scored_candidates_and_a_link_to_its_trace()
    {
        var id = await network.Network.SubmitAsync($"order-page-{Guid.NewGuid():N}", quantity: 2);
        await using var session = await network.SignInAsync(ConsoleNetwork.PlannerKey);
        var page = session.Page;
        await session.NavigateAsync("Orders", "Orders");

        await page.GetByLabel("Order id").FillAsync(id[..12]);
        await Expect(page.Locator("#orders tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#orders tr[data-order='{id}']")).ToBeVisibleAsync();
        await session.ScreenshotAsync("console-orders");
        await page.GetByLabel("Order id").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open order" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {id}", Level = 1 })).ToBeVisibleAsync();
        // The page follows the order to completion by itself.
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        var order = await network.Network.OrderAsync(id);
        await Expect(page.GetByTestId("order-site")).ToContainTextAsync($"{order.Assignment!.SiteId} / {order.Assignment.CellId}");
        foreach (var step in new[] { "Received", "Routed", "Dispatched", "Completed" })
        {
            await Expect(page.Locator("#timeline")).ToContainTextAsync(step);
        }

        await Expect(page.Locator("#routing-summary")).ToContainTextAsync($"went to {order.Assignment.SiteId}");
        var chosen = page.Locator("#candidates tr.chosen");
        await Expect(chosen).ToHaveCountAsync(1);
        await Expect(chosen).ToHaveAttributeAsync("data-candidate", order.Assignment.SiteId);
        Assert.True(await page.Locator("#candidates tbody tr").CountAsync() >= 2, "more than one cell could make it: the others are shown too");
        await Expect(chosen.Locator(".score-part")).ToHaveCountAsync(4);
        await Expect(chosen.Locator(".score-part").First).ToContainTextAsync("distance");
        var distanceBar = await chosen.Locator(".score-fill.distance").GetAttributeAsync("style");
        Assert.Matches(WidthStyle(), distanceBar ?? "");

        var trace = page.GetByTestId("trace-link");
        var href = await trace.GetAttributeAsync("href");
        var traceId = Assert.Single(TraceLink().Matches(href ?? "")).Groups["id"].Value;
        Assert.NotEqual(new string('0', 32), traceId);
        await Expect(trace).ToHaveTextAsync($"Open trace {traceId}");
        await session.ScreenshotAsync("console-order");
    }

    [Fact]
    public async Task Filters_by_status_city_and_site_narrow_the_list()
    {
        var id = await network.Network.SubmitAsync($"order-filter-{Guid.NewGuid():N}", quantity: 2);
        await network.Network.AllCompletedAsync([id], TimeSpan.FromSeconds(60));
        var site = (await network.Network.OrderAsync(id)).Assignment!.SiteId;
        await using var session = await network.SignInAsync(ConsoleNetwork.PlannerKey);
        var page = session.Page;
        await session.NavigateAsync("Orders", "Orders");
        var row = page.Locator($"#orders tr[data-order='{id}']");
        await Expect(row).ToBeVisibleAsync();

        await page.GetByLabel("Status").SelectOptionAsync("Completed");
        await page.GetByLabel("Site").SelectOptionAsync(site);
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("#orders tbody tr td:nth-child(6)").First).ToContainTextAsync(site);

        await page.GetByLabel("Status").SelectOptionAsync("Failed");
        await Expect(row).ToHaveCountAsync(0);

        await page.GetByLabel("Status").SelectOptionAsync("");
        await page.GetByLabel("Delivered to").SelectOptionAsync("kyoto");
        await Expect(row).ToHaveCountAsync(0);
        await page.GetByLabel("Delivered to").SelectOptionAsync("osaka");
        await Expect(row).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_unknown_order_id_says_so()
    {
        await using var session = await network.SignInAsync(ConsoleNetwork.PlannerKey);
        await session.NavigateAsync("Orders", "Orders");

        await session.Page.GetByLabel("Order id").FillAsync("ord-doesnotexist");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Open order" }).ClickAsync();

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No order has the id ord-doesnotexist");
    }

    [GeneratedRegex(@"^http://grafana\.example\.test/explore\?trace=(?<id>[0-9a-f]{32})$")]
    private static partial Regex TraceLink();

    [GeneratedRegex(@"width:\s*\d+(\.\d+)?%")]
    private static partial Regex WidthStyle();
}
