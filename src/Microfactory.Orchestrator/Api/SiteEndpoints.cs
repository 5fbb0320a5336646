using Microfactory.Network;
using Orleans;
using Microfactory.Network.Directory;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Auth;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microfactory.Orchestrator.Api;

public static class SiteEndpoints
{
    public static RouteGroupBuilder MapSiteEndpoints(this RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites").WithTags("Sites");

        sites.MapPut("/{id}", async Task<Results<Ok<SiteView>, ProblemHttpResult>> (string id, SiteRegistration body, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "Site") is { } bad)
            {
                return bad;
            }

            return TypedResults.Ok(await GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteGrain>(id).RegisterAsync(body)));
        }).RequireAuthorization(AuthExtensions.AdminPolicy).WithSummary("Register or re-register a site and its cells");

        sites.MapGet("/", Results<Ok<IReadOnlyList<SiteView>>, ProblemHttpResult> (string? city, string? capability, string? status, NetworkDirectory directory) =>
        {
            SiteStatus? wanted = null;
            if (status is not null)
            {
                if (!Enum.TryParse<SiteStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    return Problems.BadRequest($"status '{status}' is not one of {string.Join(", ", Enum.GetNames<SiteStatus>())}.", "status");
                }

                wanted = parsed;
            }

            IReadOnlyList<SiteView> list = directory.Sites.All()
                .Where(s => city is null || s.CityId == city)
                .Where(s => capability is null || s.Cells.Any(c => c.Capabilities.Contains(capability)))
                .Where(s => wanted is null || s.Status == wanted)
                .ToList();
            return TypedResults.Ok(list);
        }).WithSummary("List sites, filtered by city, capability and status");

        sites.MapGet("/{id}", async Task<Results<Ok<SiteView>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "Site") is { } bad)
            {
                return bad;
            }

            return await grains.GetGrain<ISiteGrain>(id).GetAsync() is { } site ? TypedResults.Ok(site) : Problems.NotFound("Site", id);
        }).WithSummary("One site with its cells and queues");

        sites.MapPost("/{id}/drain", DrainEndpoint.DrainAsync)
            .WithSummary("Stop routing new work to a site and move its queued orders elsewhere; running jobs finish there");
        sites.MapPost("/{id}/resume", (string id, IGrainFactory grains) => SetDraining(id, false, grains))
            .WithSummary("Route new work to a drained site again");
        return api;
    }

    private static async Task<Results<Ok<SiteView>, ProblemHttpResult>> SetDraining(string id, bool draining, IGrainFactory grains)
    {
        if (ApiIds.Check(id, "Site") is { } bad)
        {
            return bad;
        }

        return TypedResults.Ok(await GrainRetry.OnConflictAsync(() => grains.GetGrain<ISiteGrain>(id).SetDrainingAsync(draining)));
    }
}
