using Microfactory.Console.Tests.Support;

namespace Microfactory.Console.Tests;

/// <summary>
/// A planner drains sites from the console, so new orders pile up on osaka-01, resumes them, then dry-runs a rebalance
/// (nothing moves), sees the moves and each city before and after, and applies it: each order goes where the plan said.
/// </summary>
[Collection(ConsoleNetworkCollection.Name)]
public sealed class PlanningPageTests(ConsoleNetwork network)
{
    [Fact]
    public async Task Drain_and_resume_then_a_dry_run_moves_nothing_and_applying_it_moves_the_orders_where_it_said()
    {
        await using var session = await network.SignInAsync(ConsoleNetwork.PlannerKey);
        var page = session.Page;
        await session.NavigateAsync("Planning", "Planning");
        var others = network.SiteIds.Where(s => s != "osaka-01").ToList();
        try
        {
            foreach (var site in others)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = $"Drain {site}" }).ClickAsync();
                await Expect(page.Locator("#site-message")).ToContainTextAsync($"{site} is draining");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Resume {site}" })).ToBeVisibleAsync();
            }

            var ids = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                ids.Add(await network.Network.SubmitAsync($"planning-page-{Guid.NewGuid():N}", quantity: 20));
            }

            foreach (var id in ids)
            {
                Assert.Equal("osaka-01", (await network.Network.OrderAsync(id)).Assignment?.SiteId);
            }

            foreach (var site in others)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = $"Resume {site}" }).ClickAsync();
                await Expect(page.Locator("#site-message")).ToContainTextAsync($"{site} takes new work again");
            }

            await network.EverySiteOnlineAsync();
            await page.GetByLabel("Band low").FillAsync("0.1");
            await page.GetByLabel("Band high").FillAsync("0.3");
            await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();

            var moves = page.Locator("#moves tbody tr");
            await Expect(page.Locator("#plan-heading")).ToContainTextAsync("Planned");
            Assert.True(await moves.CountAsync() > 0, "osaka-01 holds six orders over the band: the plan moves some");
            await Expect(page.Locator("#plan-cities tr[data-city='osaka']")).ToBeVisibleAsync();
            await Expect(page.Locator("#plan-totals")).ToContainTextAsync("late orders");
            var planned = new Dictionary<string, string>();
            foreach (var row in await moves.AllAsync())
            {
                var order = (await row.GetAttributeAsync("data-order"))!;
                Assert.Equal("osaka-01", await row.Locator("td").Nth(0).InnerTextAsync());
                planned[order] = await row.Locator("td").Nth(1).InnerTextAsync();
                await Expect(row.GetByTestId("outcome")).ToHaveTextAsync("planned");
                Assert.Equal("osaka-01", (await network.Network.OrderAsync(order)).Assignment?.SiteId);
            }

            await session.ScreenshotAsync("console-planning");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply plan" }).ClickAsync();

            await Expect(page.Locator("#applied")).ToContainTextAsync($"Applied: {planned.Count} moved");
            foreach (var (order, to) in planned)
            {
                await Expect(page.Locator($"#moves tr[data-order='{order}']").GetByTestId("outcome")).ToContainTextAsync("Moved");
                Assert.Equal(to, (await network.Network.OrderAsync(order)).Assignment?.SiteId);
            }

            await session.ScreenshotAsync("console-planning-applied");
        }
        finally
        {
            foreach (var site in others)
            {
                await network.PostAsync($"/api/sites/{site}/resume");
            }
        }
    }

    [Fact]
    public async Task Rules_the_planner_refuses_are_shown_with_the_reason()
    {
        await using var session = await network.SignInAsync(ConsoleNetwork.PlannerKey);
        var page = session.Page;
        await session.NavigateAsync("Planning", "Planning");

        await page.GetByLabel("Band low").FillAsync("0.8");
        await page.GetByLabel("Band high").FillAsync("0.2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();

        await Expect(page.Locator("#action-error")).ToContainTextAsync("0.8");
        await Expect(page.Locator("#plan")).ToHaveCountAsync(0);
    }
}
