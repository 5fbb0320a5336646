using Microsoft.AspNetCore.Http.Features;

namespace Microfactory.Orchestrator.Errors;

/// <summary>
/// ProblemDetails for the answers the framework gives by itself (no such route, wrong method, no or a wrong key, a
/// role that may not): each says what happened and what to do, like every other error of the API.
/// </summary>
public static class StatusProblems
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Detail is not null)
            {
                return;
            }

            var request = context.HttpContext.Request;
            var target = $"{request.Method} {Problems.Shown(request.Path.Value)}";
            problem.Detail = problem.Status switch
            {
                StatusCodes.Status401Unauthorized =>
                    "An API key is required: send it as 'Authorization: Bearer <key>' (keys are set in Auth:ApiKeys).",
                StatusCodes.Status413PayloadTooLarge => Api.RequestBodyRules.TooLarge,
                StatusCodes.Status403Forbidden => "This API key's role may not do this: it needs the admin role.",
                StatusCodes.Status404NotFound when context.HttpContext.GetEndpoint() is null =>
                    $"Nothing answers {target}; the OpenAPI document (/openapi/v1.json) lists every endpoint.",
                StatusCodes.Status405MethodNotAllowed =>
                    $"{target} is not allowed; the OpenAPI document (/openapi/v1.json) lists the methods of each path.",
                _ => context.HttpContext.Features.Get<IHttpResponseFeature>()?.ReasonPhrase,
            };
        });
}
