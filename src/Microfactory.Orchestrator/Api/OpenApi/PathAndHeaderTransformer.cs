using Microfactory.Network;
using Microfactory.Network.Designs;
using Microfactory.Orchestrator.Api.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microfactory.Orchestrator.Api.OpenApi;

/// <summary>The rules of path ids, design versions, the paging cursor and the Idempotency-Key header, as the endpoints check them.</summary>
public sealed class PathAndHeaderTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            switch (parameter.In, parameter.Name)
            {
                case (ParameterLocation.Path, "version"):
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = SemanticVersion.MaxLength };
                    parameter.Description = $"The design version: {SemanticVersion.Rule}.";
                    break;
                case (ParameterLocation.Path, _):
                case (ParameterLocation.Query, "after"):
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Limits.Id, Pattern = "^[a-z0-9][a-z0-9-]{0,62}$" };
                    parameter.Description ??= $"An id: {Ids.Rule}.";
                    break;
                case (ParameterLocation.Header, OrderEndpoints.IdempotencyHeader):
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Limits.IdempotencyKey };
                    parameter.Description = "A key of the client's choosing (a UUID, say): the same key again returns the same result instead of doing it twice.";
                    parameter.Required = context.Description.RelativePath?.TrimEnd('/') == "api/orders";
                    break;
            }
        }

        return Task.CompletedTask;
    }
}
