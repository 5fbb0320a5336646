using Microfactory.Network;
using Orleans;
using Microfactory.Network.Designs;
using Microfactory.Orchestrator.Auth;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microfactory.Orchestrator.Api.OpenApi;

namespace Microfactory.Orchestrator.Api;

public static class DesignEndpoints
{
    public static RouteGroupBuilder MapDesignEndpoints(this RouteGroupBuilder api)
    {
        var designs = api.MapGroup("/designs").WithTags("Designs");

        designs.MapPut("/{product}/versions/{version}",
            async Task<Results<Ok<DesignVersion>, ProblemHttpResult>> (string product, string version, DesignDefinition body, IGrainFactory grains) =>
            {
                if ((ApiIds.Check(product, "Product") ?? ApiIds.CheckVersion(version)) is { } bad)
                {
                    return bad;
                }

                return TypedResults.Ok(await GrainRetry.OnConflictAsync(() => grains.GetGrain<IDesignGrain>(product).RegisterVersionAsync(version, body)));
            }).RequireAuthorization(AuthExtensions.AdminPolicy).Problems(409, 422).WithSummary("Register a design version: capabilities, cycle time, changeover");

        designs.MapGet("/{product}", async Task<Results<Ok<IReadOnlyList<DesignVersion>>, ProblemHttpResult>> (string product, IGrainFactory grains) =>
        {
            if (ApiIds.Check(product, "Product") is { } bad)
            {
                return bad;
            }

            var versions = await grains.GetGrain<IDesignGrain>(product).ListVersionsAsync();
            return versions.Count == 0 ? Problems.NotFound("Product", product) : TypedResults.Ok(versions);
        }).Problems(404).WithSummary("A product's design versions, oldest first");
        designs.MapDesignBundleEndpoints();
        return api;
    }
}
