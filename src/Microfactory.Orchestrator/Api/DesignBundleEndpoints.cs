using Microfactory.Network;
using Orleans;
using Microfactory.Network.Designs;
using Microfactory.Orchestrator.Auth;
using Microfactory.Orchestrator.Designs;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microfactory.Orchestrator.Api.OpenApi;

namespace Microfactory.Orchestrator.Api;

/// <summary>
/// A design version's bundle (CAD, G-code, work instructions: opaque bytes), uploaded as a streamed body with its
/// declared SHA-256 and stored content-addressed; published bytes never change.
/// </summary>
public static class DesignBundleEndpoints
{
    private const string Route = "/{product}/versions/{version}/bundle";

    public static RouteGroupBuilder MapDesignBundleEndpoints(this RouteGroupBuilder designs)
    {
        designs.MapPut(Route, UploadAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .Accepts<Stream>("application/octet-stream").Problems(404, 409, 422)
            .WithSummary($"Upload a registered version's bundle: application/octet-stream body, {BundleHeaders.Sha256} header with its SHA-256");
        designs.MapGet(Route, DownloadAsync).Problems(404).Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream").WithSummary("Stream a version's bundle back, with ETag, Content-Length and its SHA-256");
        return designs;
    }

    private static async Task<Results<Ok<DesignVersion>, ProblemHttpResult>> UploadAsync(
        string product, string version, HttpContext http, IGrainFactory grains, ArtifactStore artifacts, IOptions<DesignBundleOptions> options)
    {
        if ((ApiIds.Check(product, "Product") ?? ApiIds.CheckVersion(version)) is { } bad)
        {
            return bad;
        }

        var sha256 = http.Request.Headers[BundleHeaders.Sha256].ToString().Trim().ToLowerInvariant();
        if (!ArtifactIds.IsSha256(sha256))
        {
            return Problems.BadRequest($"Header {BundleHeaders.Sha256} must carry the body's SHA-256 as 64 hex characters.", BundleHeaders.Sha256);
        }

        var max = options.Value.MaxBundleBytes;
        if (http.Request.ContentLength > max)
        {
            return TooLarge(max);
        }

        var grain = grains.GetGrain<IDesignGrain>(product);
        var registered = await grain.GetVersionAsync(version);
        if (registered is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"Design version '{product}@{version}' is not registered; register it first (PUT /api/designs/{product}/versions/{version}).");
        }

        if (registered.BundleSha256 is { } stored)
        {
            // Decided before reading the body: the answer cannot depend on bytes not yet sent.
            return stored == sha256 ? TypedResults.Ok(registered) : Conflict(registered, sha256);
        }

        // Kestrel's default 30 MB request limit would cut bundles off; this endpoint enforces its own.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        long size;
        try
        {
            size = await artifacts.StoreAsync(sha256, http.Request.Body, max, http.RequestAborted);
        }
        catch (BundleRejectedException e)
        {
            return TypedResults.Problem(statusCode: e.StatusCode, title: "Bundle refused", detail: e.Message);
        }

        return TypedResults.Ok(await GrainRetry.OnConflictAsync(() => grain.AttachBundleAsync(version, sha256, size)));
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> DownloadAsync(
        string product, string version, HttpContext http, IGrainFactory grains, ArtifactStore artifacts)
    {
        if (ApiIds.Check(product, "Product") is { } bad)
        {
            return bad;
        }

        var registered = await grains.GetGrain<IDesignGrain>(product).GetVersionAsync(version);
        if (registered?.BundleSha256 is not { } sha256 || registered.BundleSize is not { } size)
        {
            return Problems.NotFound("Design bundle", $"{product}@{version}");
        }

        await using var body = await artifacts.OpenAsync(sha256, http.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Bundle missing",
                detail: $"Bundle {sha256} of {product}@{version} is registered but not in the store.");
        }

        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = size;
        http.Response.Headers.ETag = $"\"{sha256}\"";
        http.Response.Headers[BundleHeaders.Sha256] = sha256;
        await body.CopyToAsync(http.Response.Body, http.RequestAborted);
        return TypedResults.Empty;
    }

    private static ProblemHttpResult TooLarge(long max) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Bundle refused",
            detail: $"The bundle is larger than the limit of {max} bytes (Designs:MaxBundleBytes).");

    private static ProblemHttpResult Conflict(DesignVersion registered, string sha256) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed in the current state",
            detail: $"Design {registered.Key} already has bundle sha256 {registered.BundleSha256}; the upload declares sha256 {sha256}. Publish a new version instead.");
}
