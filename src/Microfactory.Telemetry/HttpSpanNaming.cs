using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Microfactory.Telemetry;

/// <summary>
/// ASP.NET Core's request activity carries no route or status without the instrumentation package (STACK.md): this
/// names it <c>{METHOD} {route}</c> and adds <c>http.route</c> and <c>http.response.status_code</c>. Headers are never
/// recorded, so API keys and credentials stay out of traces.
/// </summary>
public static class HttpSpanNaming
{
    public static IApplicationBuilder UseHttpSpanNaming(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            Tag(context);
        }
    });

    private static void Tag(HttpContext context)
    {
        if (context.Features.Get<IHttpActivityFeature>()?.Activity is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        var method = context.Request.Method;
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
        {
            // A group's root ("/api/orders" + "/") reads as the route users call, without the trailing slash.
            var normalised = "/" + route.Trim('/');
            activity.DisplayName = $"{method} {normalised}";
            activity.SetTag("http.route", normalised);
        }
        else
        {
            activity.DisplayName = method;
        }

        var status = context.Response.StatusCode;
        activity.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
