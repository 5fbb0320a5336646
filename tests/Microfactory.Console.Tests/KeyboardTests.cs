using Microfactory.Console.Tests.Support;

namespace Microfactory.Console.Tests;

/// <summary>Everything a planner needs is reachable with Tab, in reading order, and shows where the focus is.</summary>
[Collection(ConsoleNetworkCollection.Name)]
public sealed class KeyboardTests(ConsoleNetwork network)
{
    [Fact]
    public async Task Tab_reaches_the_skip_link_the_navigation_and_the_order_filters_each_with_a_visible_focus_ring()
    {
        await using var session = await network.SignInAsync(ConsoleNetwork.AdminKey);
        var page = session.Page;

        // A page, once shown, puts the focus on its heading: Tab goes on into the page, Shift+Tab back up to the navigation.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Network", Level = 1 })).ToBeFocusedAsync();
        foreach (var expected in new[] { "Sign out", "Dashboard", "Rollouts", "Planning", "Orders", "Network", "Skip to content" })
        {
            await page.Keyboard.PressAsync("Shift+Tab");
            await ExpectFocusAsync(page, expected);
        }

        // Forward again from the top, and follow "Orders" with the keyboard; the new page's heading takes the focus.
        foreach (var expected in new[] { "Network", "Orders" })
        {
            await page.Keyboard.PressAsync("Tab");
            await ExpectFocusAsync(page, expected);
        }

        await ExpectFocusAsync(page, "Orders");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Level = 1 })).ToBeFocusedAsync();

        foreach (var control in new[] { "Order id", "Open order", "Status", "Made in city", "Delivered to", "Site" })
        {
            await page.Keyboard.PressAsync("Tab");
            await ExpectFocusAsync(page, control);
        }
    }

    /// <summary>The focused element is the one named (its text or its label) and draws a focus ring.</summary>
    private static async Task ExpectFocusAsync(IPage page, string name)
    {
        var focused = await page.EvaluateAsync<FocusState>("""
            () => {
              const e = document.activeElement;
              const label = e.id ? document.querySelector(`label[for="${e.id}"]`) : null;
              const style = getComputedStyle(e);
              const box = e.getBoundingClientRect();
              return {
                name: (label ? label.textContent : (e.getAttribute('aria-label') || e.textContent)).trim(),
                outlineStyle: style.outlineStyle,
                outlineWidth: parseFloat(style.outlineWidth),
                visible: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0,
              };
            }
            """);
        Assert.Equal(name, focused.Name);
        Assert.True(focused.OutlineStyle != "none" && focused.OutlineWidth >= 2, $"{name} has focus but no visible focus ring ({focused.OutlineStyle} {focused.OutlineWidth}px)");
        Assert.True(focused.Visible, $"{name} has focus but is off screen");
    }

    // Playwright fills a result object through a parameterless constructor and setters.
    private sealed class FocusState
    {
        public string Name { get; set; } = "";

        public string OutlineStyle { get; set; } = "";

        public double OutlineWidth { get; set; }

        public bool Visible { get; set; }
    }
}
