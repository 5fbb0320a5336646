using System.Security.Claims;
using Microfactory.WebConsole;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Auth;

/// <summary>
/// The web console's sign-in: an API key in, an HTTP-only cookie out. The cookie holds a data-protected ticket with
/// the key's name, roles and SHA-256, never the key; every request re-checks that digest against the configured keys
/// (<see cref="ConsoleAuth"/>), so removing a key signs its browsers out.
/// </summary>
public sealed partial class ConsoleSignIn(IOptionsMonitor<ApiKeyOptions> keys, ILogger<ConsoleSignIn> logger) : IConsoleSignIn
{
    public async Task<ConsoleUser?> SignInAsync(HttpContext http, string apiKey)
    {
        var digest = ApiKeyRing.Digest(apiKey);
        if (ApiKeyRing.Match(keys.CurrentValue.ApiKeys, digest) is not { } key)
        {
            LogRefused(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return null;
        }

        var principal = ApiKeyRing.Principal(key, ConsoleAuth.CookieScheme, new Claim(ApiKeyRing.DigestClaim, Convert.ToHexStringLower(digest)));
        await http.SignInAsync(ConsoleAuth.CookieScheme, principal, new AuthenticationProperties { IsPersistent = false });
        LogSignedIn(key.Name, key.Role);
        return new ConsoleUser(key.Name, key.Role);
    }

    public Task SignOutAsync(HttpContext http) => http.SignOutAsync(ConsoleAuth.CookieScheme);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Console sign-in with key {KeyName} ({Role})")]
    private partial void LogSignedIn(string keyName, string role);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Console sign-in refused: not an API key (from {RemoteAddress})")]
    private partial void LogRefused(string remoteAddress);
}
