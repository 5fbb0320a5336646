using System.Text.RegularExpressions;

namespace Microfactory.Console.Tests.Support;

/// <summary>One browser context (its own cookie jar) and its page.</summary>
public sealed partial class ConsoleSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    /// <summary>Goes to the console, is sent to the sign-in page, signs in with the key and lands on the network page.</summary>
    public async Task SignInAsync(string key)
    {
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(SignInUrl());
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Network", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Follows a link in the console's navigation, as a person would, and waits for the page's heading.</summary>
    public async Task NavigateAsync(string link, string heading)
    {
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>artifacts/screenshots/{name}.png, the whole page.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots")).FullName;
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} is too small to be a screenshot of a page");
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    [GeneratedRegex(@"/sign-in\?ReturnUrl=")]
    public static partial Regex SignInUrl();
}
