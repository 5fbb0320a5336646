using System.Text.RegularExpressions;
using Microfactory.Console.Tests.Support;

namespace Microfactory.Console.Tests;

/// <summary>No page and no data without a key; a wrong key is refused with a clear message; roles are the API keys'.</summary>
[Collection(ConsoleNetworkCollection.Name)]
public sealed partial class SignInTests(ConsoleNetwork network)
{
    [Fact]
    public async Task Without_a_key_every_page_sends_the_browser_to_sign_in_and_shows_no_network_data()
    {
        await using var session = await network.OpenAsync();

        foreach (var path in new[] { "/", "/orders", "/planning", "/rollouts", "/orders/ord-anything" })
        {
            var response = await session.Page.GotoAsync(path);

            await Expect(session.Page).ToHaveURLAsync(ConsoleSession.SignInUrl());
            Assert.Equal(200, response!.Status);
            Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), session.Page.Url, StringComparison.Ordinal);
            var text = await session.Page.Locator("body").InnerTextAsync();
            Assert.DoesNotContain("osaka-01", text, StringComparison.Ordinal);
        }

        await session.ScreenshotAsync("console-sign-in");
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_a_message_and_no_cookie()
    {
        await using var session = await network.OpenAsync();
        await session.Page.GotoAsync("/");

        await session.Page.GetByLabel("API key").FillAsync("not-a-key-but-long-enough-0123456789");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That API key is not valid. Check it and try again.");
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "mf-console");
        await session.Page.GotoAsync("/");
        await Expect(session.Page).ToHaveURLAsync(ConsoleSession.SignInUrl());
    }

    [Fact]
    public async Task Sign_in_sets_an_http_only_cookie_returns_to_the_page_asked_for_and_sign_out_ends_it()
    {
        await using var session = await network.OpenAsync();
        await session.Page.GotoAsync("/rollouts");
        await Expect(session.Page).ToHaveURLAsync(ConsoleSession.SignInUrl());

        await session.Page.GetByLabel("API key").FillAsync(ConsoleNetwork.PlannerKey);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Rollouts", Level = 1 })).ToBeVisibleAsync();
        await Expect(session.Page.GetByTestId("signed-in-as")).ToHaveTextAsync("console-planner (planner)");
        var cookie = Assert.Single(await session.Context.CookiesAsync(), c => c.Name == "mf-console");
        Assert.True(cookie.HttpOnly, "the console cookie must be HTTP-only");
        Assert.False(cookie.Secure, "on plain http the cookie cannot be Secure (it is on https)");
        Assert.DoesNotContain(ConsoleNetwork.PlannerKey, cookie.Value, StringComparison.Ordinal);

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        Assert.DoesNotContain(await session.Context.CookiesAsync(), c => c.Name == "mf-console");
        await session.Page.GotoAsync("/orders");
        await Expect(session.Page).ToHaveURLAsync(ConsoleSession.SignInUrl());
    }

    [Fact]
    public async Task The_dashboard_opens_with_the_admin_cookie_and_refuses_the_planner_cookie()
    {
        await using (var admin = await network.SignInAsync(ConsoleNetwork.AdminKey))
        {
            var link = admin.Page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" });
            await Expect(link).ToHaveAttributeAsync("href", "/dashboard");

            var response = await admin.Page.GotoAsync("/dashboard");

            Assert.Equal(200, response!.Status);
            await Expect(admin.Page).ToHaveURLAsync(DashboardUrl());
        }

        await using var planner = await network.SignInAsync(ConsoleNetwork.PlannerKey);
        await Expect(planner.Page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" })).ToHaveCountAsync(0);

        await planner.Page.GotoAsync("/dashboard");

        await Expect(planner.Page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed with this key" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_sign_in_outlives_an_orchestrator_restart_because_its_keys_are_in_the_store()
    {
        await using var session = await network.SignInAsync(ConsoleNetwork.PlannerKey);

        await network.Network.Orchestrator.CrashAsync();
        await network.Network.Orchestrator.StartAsync();
        await network.EverySiteOnlineAsync();
        await session.Page.GotoAsync("/orders");

        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Level = 1 })).ToBeVisibleAsync();
        await Expect(session.Page.GetByTestId("signed-in-as")).ToHaveTextAsync("console-planner (planner)");
        Assert.False(Directory.Exists(Path.Combine(network.Home, ".aspnet")), "data-protection keys went to the process's home, not the store");
    }

    [GeneratedRegex(@"/dashboard/?$")]
    private static partial Regex DashboardUrl();
}
