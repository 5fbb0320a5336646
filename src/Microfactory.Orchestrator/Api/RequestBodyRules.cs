using Microfactory.Orchestrator.Api.Validation;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Microfactory.Orchestrator.Api;

/// <summary>
/// Before any /api endpoint reads a body: a body must have the media type the endpoint takes (JSON everywhere but the
/// bundle upload's application/octet-stream; endpoints without a body of their own also take JSON), else 415; a JSON
/// body may be at most <see cref="Limits.JsonBodyBytes"/>, else 413. One rule for every endpoint, in one place.
/// </summary>
public static class RequestBodyRules
{
    private const string Json = "application/json";
    private const string OctetStream = "application/octet-stream";

    public static IApplicationBuilder UseRequestBodyRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/api") || !HasBody(context))
        {
            await next(context);
            return;
        }

        var accepted = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types ? types : [Json];
        // RFC 9110 8.3: a body without a Content-Type may be taken as application/octet-stream, which is what bundles are.
        var contentType = context.Request.ContentType ?? (accepted.Contains(OctetStream) ? OctetStream : null);
        if (!accepted.Any(a => Matches(a, contentType)))
        {
            await WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", contentType is null
                ? $"The request has a body but no Content-Type; this endpoint takes {string.Join(" or ", accepted)}."
                : $"This endpoint takes {string.Join(" or ", accepted)}, not '{Problems.Shown(contentType)}'.");
            return;
        }

        if (accepted.Contains(Json))
        {
            if (context.Request.ContentLength > Limits.JsonBodyBytes)
            {
                await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request too large", TooLarge);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = Limits.JsonBodyBytes;
            }
        }

        await next(context);
    });

    /// <summary>What a 413 says, whether the declared length or the bytes read went over.</summary>
    public static string TooLarge { get; } = $"A JSON body may be at most {Limits.JsonBodyBytes} bytes.";

    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is { } length
            ? length > 0
            : context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    private static bool Matches(string accepted, string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var given))
        {
            return false;
        }

        var type = given.MediaType.Value ?? "";
        return string.Equals(type, accepted, StringComparison.OrdinalIgnoreCase)
               || (accepted == Json && type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
