using Microfactory.Network.Directory;
using Microfactory.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microfactory.Orchestrator.Api;

public sealed record Health(string Status, string? Detail = null);

public static class HealthEndpoints
{
    /// <summary>/healthz: the process serves requests. /readyz: the store answers and the directory is loaded.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new Health("alive"))).AllowAnonymous().WithTags("Health");

        app.MapGet("/readyz", async Task<Results<Ok<Health>, ProblemHttpResult>> (IBlobStore store, DirectoryLoader loader, CancellationToken cancellationToken) =>
        {
            if (!loader.Loaded.IsCompletedSuccessfully)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: "The directory is still loading from the store.");
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await store.CheckReadyAsync(timeout.Token);
                return TypedResults.Ok(new Health("ready"));
            }
            catch (StoreUnavailableException e)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", detail: e.Message);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", detail: "The store did not answer within 5 seconds.");
            }
        }).AllowAnonymous().WithTags("Health");
        return app;
    }
}
