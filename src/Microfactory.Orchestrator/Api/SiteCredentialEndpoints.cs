using System.Security.Claims;
using Microfactory.Network;
using Microfactory.Network.Credentials;
using Microfactory.Orchestrator.AgentLink;
using Microfactory.Orchestrator.Api.OpenApi;
using Microfactory.Orchestrator.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;

namespace Microfactory.Orchestrator.Api;

/// <summary>
/// A site's agent credentials, admins only (docs/agent-protocol.md, "Site credentials"): one-time enrolment tokens,
/// rotation with a grace period, revocation. A secret appears once, in the answer that makes it (never cached), and is
/// stored only as its SHA-256 digest.
/// </summary>
public static class SiteCredentialEndpoints
{
    public static RouteGroupBuilder MapSiteCredentialEndpoints(this RouteGroupBuilder api)
    {
        var site = api.MapGroup("/sites/{id}").WithTags("Sites").RequireAuthorization(AuthExtensions.AdminPolicy);

        site.MapPost("/enrolment-tokens", async Task<Created<EnrolmentTokenIssued>> (
            string id, EnrolmentTokenRequest? body, ClaimsPrincipal user, IGrainFactory grains, IOptionsMonitor<SiteCredentialOptions> options, TimeProvider time, HttpContext http) =>
        {
            var token = SiteSecrets.NewSecret();
            var expiresAt = time.GetUtcNow() + (body?.ExpiresIn ?? options.CurrentValue.EnrolmentTokenLifetime);
            var info = await GrainRetry.OnConflictAsync(() => Credentials(grains, id).AddEnrolmentTokenAsync(SiteSecrets.Digest(token), expiresAt, Who(user)));
            NoStore(http);
            return TypedResults.Created($"/api/sites/{id}/credential", new EnrolmentTokenIssued(id, token, info.Id, info.CreatedAt, info.ExpiresAt));
        }).Problems(404, 422)
            .WithSummary("Create a one-time enrolment token: the site's agent trades it for the site's credential on its first start (shown only in this answer)");

        site.MapGet("/credential", async Task<Ok<SiteCredentialView>> (string id, IGrainFactory grains) =>
            TypedResults.Ok(await Credentials(grains, id).GetAsync()))
            .Problems(404).WithSummary("The site's credentials and open enrolment tokens: ids and times, never a secret");

        site.MapPost("/credential/rotate", async Task<Ok<RotatedCredential>> (
            string id, CredentialRotationRequest? body, IGrainFactory grains, IOptionsMonitor<SiteCredentialOptions> options, HttpContext http) =>
        {
            var credential = SiteSecrets.NewCredential(id);
            var digest = SiteSecrets.Digest(credential);
            var view = await GrainRetry.OnConflictAsync(() => Credentials(grains, id).RotateAsync(digest, body?.Grace ?? options.CurrentValue.RotationGrace));
            NoStore(http);
            return TypedResults.Ok(new RotatedCredential(id, credential, SiteSecrets.IdOf(digest), view));
        }).Problems(404, 422)
            .WithSummary("Issue a new credential for the site (shown only in this answer); the previous ones keep working for the grace period, then are refused");

        site.MapPost("/credential/revoke", async Task<Ok<SiteCredentialView>> (string id, CredentialRevocationRequest? body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var reason = string.IsNullOrWhiteSpace(body?.Reason) ? $"revoked by {Who(user)}" : $"{body.Reason.Trim()} (revoked by {Who(user)})";
            return TypedResults.Ok(await GrainRetry.OnConflictAsync(() => Credentials(grains, id).RevokeAsync(reason)));
        }).Problems(404)
            .WithSummary("Revoke every credential and unused enrolment token of the site at once; the agent's open stream is closed with the reason");
        return api;
    }

    private static ISiteCredentialGrain Credentials(IGrainFactory grains, string id) => grains.GetGrain<ISiteCredentialGrain>(id);

    private static string Who(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    // A secret in an answer must not stay in a proxy's or browser's cache.
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
