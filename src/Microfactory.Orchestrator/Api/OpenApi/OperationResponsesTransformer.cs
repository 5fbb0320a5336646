using Microfactory.Orchestrator.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microfactory.Orchestrator.Api.OpenApi;

/// <summary>
/// Per operation: the bearer requirement (every operation that needs a key), and the error responses that apply,
/// each as <c>application/problem+json</c> with the ProblemDetails schema: 400 when there is anything to get wrong
/// (a parameter or a body), 401 with a key required, 403 for admin operations, 413 and 415 with a body, 503 for
/// writes (a race lost after retries), plus what the endpoint declares (<see cref="ProblemStatuses"/>).
/// </summary>
public sealed class OperationResponsesTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [StatusCodes.Status400BadRequest] = "The request cannot be read: a missing or malformed field, parameter or header, or one over its maximum size",
        [StatusCodes.Status401Unauthorized] = "No API key, or one that is not configured",
        [StatusCodes.Status403Forbidden] = "The API key's role is not admin",
        [StatusCodes.Status404NotFound] = "What the path names does not exist",
        [StatusCodes.Status409Conflict] = "The current state does not allow it",
        [StatusCodes.Status413PayloadTooLarge] = "The body is over its limit",
        [StatusCodes.Status415UnsupportedMediaType] = "The body's Content-Type is not one this operation takes",
        [StatusCodes.Status422UnprocessableEntity] = "The request is readable but its values are refused: out of range, unknown references, contradictions",
        [StatusCodes.Status503ServiceUnavailable] = "Busy or unavailable: retry after the Retry-After header's seconds",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var statuses = new SortedSet<int>(metadata.OfType<ProblemStatusesMetadata>().SelectMany(m => m.Statuses));
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentInfoTransformer.BearerScheme, context.Document)] = [] }];
            statuses.Add(StatusCodes.Status401Unauthorized);
            if (authorize.Any(a => a.Policy == AuthExtensions.AdminPolicy))
            {
                statuses.Add(StatusCodes.Status403Forbidden);
            }
        }

        if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
        {
            statuses.Add(StatusCodes.Status400BadRequest);
        }

        if (operation.RequestBody is not null)
        {
            statuses.Add(StatusCodes.Status413PayloadTooLarge);
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
            UnwrapNullable(operation.RequestBody);
        }

        if (context.Description.HttpMethod is "POST" or "PUT")
        {
            statuses.Add(StatusCodes.Status503ServiceUnavailable);
        }

        operation.Responses ??= new OpenApiResponses();
        foreach (var status in statuses)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = Descriptions[status],
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(DocumentInfoTransformer.ProblemSchema, context.Document) },
                },
            };
        }

        return Task.CompletedTask;
    }

    // An optional body shows as oneOf [null, the type]; a body is either absent or the type, which generators read better.
    private static void UnwrapNullable(IOpenApiRequestBody body)
    {
        foreach (var media in body.Content?.Values ?? [])
        {
            if (media.Schema is OpenApiSchema { OneOf: { Count: 2 } oneOf } && oneOf.FirstOrDefault(s => s is OpenApiSchemaReference) is { } reference)
            {
                media.Schema = reference;
            }
        }
    }
}
