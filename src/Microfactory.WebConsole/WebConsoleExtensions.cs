using System.Reflection;
using Microfactory.WebConsole.Components;
using Microfactory.WebConsole.Reading;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microfactory.WebConsole;

public static class WebConsoleExtensions
{
    /// <summary>The console's pages and what they read. The host registers an <see cref="IConsoleSignIn"/>.</summary>
    public static WebApplicationBuilder AddWebConsole(this WebApplicationBuilder builder)
    {
        // Serves this library's stylesheet and Blazor's script from the build output too, not only once published
        // (a no-op for a published app, whose files are in its own wwwroot).
        builder.WebHost.UseStaticWebAssets();
        // Run from a build's output, MapStaticAssets adds a GET-only catch-all ("{**path:file}") for hot reload; it made
        // every POST to an unknown path a 405 (and a gRPC call to an unknown method UNKNOWN instead of UNIMPLEMENTED).
        // Hot reload is a development aid: off elsewhere unless configured.
        const string reload = "ReloadStaticAssetsAtRuntime";
        if (!builder.Environment.IsDevelopment() && builder.Configuration[reload] is null)
        {
            builder.Configuration[reload] = "false";
        }

        var services = builder.Services;
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<NetworkReader>();
        services.AddSingleton<OrderSearch>();
        services.AddSingleton<OrderDetails>();
        services.AddSingleton<RolloutControl>();
        services.AddSingleton<SiteControl>();
        return builder;
    }

    /// <summary>
    /// The console owns <c>/</c> and its pages; sign-out is a form post (with an antiforgery token), since only an
    /// HTTP response can clear the HTTP-only cookie. Needs <c>UseAntiforgery()</c> after authorization.
    /// </summary>
    /// <param name="host">
    /// The app's own assembly, whose build wrote the static assets' manifest (Blazor's script, this library's
    /// stylesheet). Named, not taken from the environment's application name, so that a host started inside another
    /// process (the integration tests' "testhost") finds it too.
    /// </param>
    public static IEndpointRouteBuilder MapWebConsole(this IEndpointRouteBuilder app, Assembly host)
    {
        app.MapStaticAssets(Path.Combine(AppContext.BaseDirectory, $"{host.GetName().Name}.staticwebassets.endpoints.json"));
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost(ConsoleRoutes.SignOut, async (HttpContext http, IConsoleSignIn signIn) =>
        {
            await signIn.SignOutAsync(http);
            return Results.LocalRedirect(ConsoleRoutes.SignIn);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
