using System.Net;
using System.Text.RegularExpressions;
using Microfactory.Console.Tests.Support;

namespace Microfactory.Console.Tests;

/// <summary>
/// The console cookie is Secure exactly when the browser's request was TLS: here as behind a TLS-terminating proxy,
/// which says so in X-Forwarded-Proto (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, docs/console.md).
/// </summary>
[Collection(ConsoleNetworkCollection.Name)]
public sealed partial class SecureCookieTests(ConsoleNetwork network)
{
    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public async Task The_sign_in_cookie_is_secure_when_the_request_was_tls(string scheme, bool secure)
    {
        // Cookies by hand: a client's cookie jar would not send a Secure cookie back over this loopback http.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = network.Network.Orchestrator.Api };
        using var page = new HttpRequestMessage(HttpMethod.Get, "/sign-in");
        page.Headers.Add("X-Forwarded-Proto", scheme);
        using var form = await client.SendAsync(page);
        var html = await form.Content.ReadAsStringAsync();
        var token = Token().Match(html).Groups["token"].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in form carries an antiforgery token");
        var antiforgery = form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();

        using var post = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in",
                ["__RequestVerificationToken"] = token,
                ["Input.ApiKey"] = ConsoleNetwork.PlannerKey,
            }),
        };
        post.Headers.Add("X-Forwarded-Proto", scheme);
        post.Headers.Add("Cookie", string.Join("; ", antiforgery));
        using var signedIn = await client.SendAsync(post);

        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {(int)signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync()}");
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mf-console=", StringComparison.Ordinal));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Equal(secure, attributes.Contains("secure"));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Token();
}
