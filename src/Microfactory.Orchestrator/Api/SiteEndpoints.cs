using Microfactory.Network;
using Orleans;
using Microfactory.Network.Directory;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Api.Validation;
using Microfactory.Orchestrator.Auth;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microfactory.Orchestrator.Api.OpenApi;

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
        }).RequireAuthorization(AuthExtensions.AdminPolicy).Problems(409, 422).WithSummary("Register or re-register a site and its cells");

        sites.MapGet("/", Results<Ok<IReadOnlyList<SiteView>>, ProblemHttpResult> (
            [FilterOf(typeof(string))] string[]? city,
            [FilterOf(typeof(string))] string[]? capability,
            [FilterOf(typeof(SiteStatus))] string[]? status,
            NetworkDirectory directory) =>
        {
            var problems = new[]
            {
                ListFilters.Ids("city", city, out var cities),
                ListFilters.Strings("capability", capability, c => c.Length <= Limits.Capability, $"is longer than {Limits.Capability} characters", out var capabilities),
                ListFilters.Enum<SiteStatus>("status", status, out var statuses),
            };
            if (problems.FirstOrDefault(p => p is not null) is { } bad)
            {
                return bad;
            }

            IReadOnlyList<SiteView> list = directory.Sites.All()
                .Where(s => cities.Matches(s.CityId))
                .Where(s => capabilities.Matches(s.Cells.SelectMany(c => c.Capabilities)))
                .Where(s => statuses.Matches(s.Status))
                .ToList();
            return TypedResults.Ok(list);
        }).WithSummary("List sites, filtered by city, capability and status (each takes several values: status=Online,Offline)");

        sites.MapGet("/{id}", async Task<Results<Ok<SiteView>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "Site") is { } bad)
            {
                return bad;
            }

            return await grains.GetGrain<ISiteGrain>(id).GetAsync() is { } site ? TypedResults.Ok(site) : Problems.NotFound("Site", id);
        }).Problems(404).WithSummary("One site with its cells and queues");

        sites.MapPost("/{id}/drain", DrainEndpoint.DrainAsync).Problems(404, 422)
            .WithSummary("Stop routing new work to a site and move its queued orders elsewhere; running jobs finish there");
        sites.MapPost("/{id}/resume", (string id, IGrainFactory grains) => SetDraining(id, false, grains)).Problems(404)
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
