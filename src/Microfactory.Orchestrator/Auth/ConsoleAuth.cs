using System.Security.Claims;
using Microfactory.Storage;
using Microfactory.WebConsole;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Auth;

/// <summary>
/// Browsers sign in to the console with an API key and carry a cookie; API clients keep sending the key as a bearer
/// header. The default scheme picks one per request: the bearer key when there is an Authorization header or the path
/// is under /api (so the API never takes a cookie and keeps answering 401 with WWW-Authenticate: Bearer), the console
/// cookie everywhere else: the console's pages and circuits, and the Orleans Dashboard, which the same admin cookie
/// opens. Roles are the API keys' (planner; admin, who is also a planner).
/// </summary>
public static class ConsoleAuth
{
    public const string CookieScheme = "ConsoleCookie";

    public const string SelectorScheme = "ApiKeyOrConsoleCookie";

    public const string CookieName = "mf-console";

    public static IServiceCollection AddConsoleSignIn(this IServiceCollection services)
    {
        services.AddSingleton<IConsoleSignIn, ConsoleSignIn>();
        // One key ring for every orchestrator on the store, one application name whatever each one's content root.
        services.AddDataProtection().SetApplicationName("microfactory-orchestrator");
        services.AddOptions<KeyManagementOptions>().Configure<IBlobStore>((o, store) => o.XmlRepository = new ConsoleKeyRing(store));
        services.AddScoped<AuthenticationStateProvider, ConsoleSessionRevalidation>();
        services.AddAuthentication(o => o.DefaultScheme = SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or console cookie", o => o.ForwardDefaultSelector = Select)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Lax: a link into the console from elsewhere still finds the session; posts are antiforgery-checked.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = ConsoleRoutes.SignIn;
                o.LogoutPath = ConsoleRoutes.SignOut;
                o.AccessDeniedPath = ConsoleRoutes.Forbidden;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateAsync;
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<ConsoleOptions>>((cookie, console) => cookie.ExpireTimeSpan = console.Value.SessionLifetime);
        return services;
    }

    /// <summary>The configured key a console principal was signed in with, or null when that key is gone.</summary>
    internal static ApiKey? KeyOf(ClaimsPrincipal? principal, IEnumerable<ApiKey> keys)
    {
        var digest = principal?.FindFirst(ApiKeyRing.DigestClaim)?.Value;
        if (digest is null || digest.Length != 64 || !digest.All(Uri.IsHexDigit))
        {
            return null;
        }

        return ApiKeyRing.Match(keys, Convert.FromHexString(digest));
    }

    /// <summary>Whether the principal still has the name and role its key has now.</summary>
    internal static bool StillMatches(ClaimsPrincipal principal, ApiKey key) =>
        principal.Identity?.Name == key.Name && principal.IsInRole(Roles.Admin) == (key.Role == Roles.Admin);

    private static string Select(HttpContext http) =>
        http.Request.Headers.Authorization.Count > 0 || http.Request.Path.StartsWithSegments("/api")
            ? ApiKeyAuthenticationHandler.SchemeName
            : CookieScheme;

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var keys = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<ApiKeyOptions>>().CurrentValue.ApiKeys;
        if (KeyOf(context.Principal, keys) is not { } key)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }

        if (!StillMatches(context.Principal!, key))
        {
            // The key was given another name or role: the session carries on with what the key allows now.
            context.ReplacePrincipal(ApiKeyRing.Principal(key, CookieScheme, context.Principal!.FindFirst(ApiKeyRing.DigestClaim)!));
            context.ShouldRenew = true;
        }
    }
}
