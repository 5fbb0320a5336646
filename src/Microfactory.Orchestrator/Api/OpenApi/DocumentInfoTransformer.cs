using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microfactory.Orchestrator.Api.OpenApi;

/// <summary>The document's title, its bearer security scheme and the API's ProblemDetails schema.</summary>
public sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "Bearer";

    public const string ProblemSchema = "ProblemDetails";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Microfactory planner API",
            Version = "v1",
            Description = "Orders, sites, cities, designs, rollouts and rebalancing of a network of microfactories. Every /api " +
                          "operation needs an API key as a bearer token; errors are RFC 9457 ProblemDetails (docs/api.md).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key from the orchestrator's Auth:ApiKeys, sent as 'Authorization: Bearer <key>'. " +
                          "Role planner reads, orders, plans and drains; role admin also defines cities, sites, designs and rollouts.",
        };

        // Set, not added: the one ProblemDetails schema of the document, whatever else produced one.
        document.Components.Schemas[ProblemSchema] = Problem();
        return Task.CompletedTask;
    }

    // The RFC 9457 members plus the API's own: 'field' (the first wrong field) and 'errors' (every wrong field's rules).
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details; validation problems add 'field' and 'errors'.",
        Required = new HashSet<string> { "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The first field, header or parameter that is wrong." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Every wrong field with the rules it breaks.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace, to find it in the logs and traces." },
        },
    };
}
