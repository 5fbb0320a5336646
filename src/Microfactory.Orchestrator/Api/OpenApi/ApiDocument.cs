using Scalar.AspNetCore;

namespace Microfactory.Orchestrator.Api.OpenApi;

/// <summary>
/// The planner API's OpenAPI document (<c>/openapi/v1.json</c>) and its interactive reference (<c>/scalar</c>, served
/// from the Scalar package itself, so it works with no internet access). The document covers /api and the health
/// endpoints; the Orleans Dashboard is not part of the API.
/// </summary>
public static class ApiDocument
{
    public const string DocumentPath = "/openapi/v1.json";

    public const string ReferencePath = "/scalar";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = d => d.RelativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path is "healthz" or "readyz");
            options.AddDocumentTransformer<DocumentInfoTransformer>();
            options.AddOperationTransformer<OperationResponsesTransformer>();
            options.AddOperationTransformer<ListFilterParameterTransformer>();
            options.AddSchemaTransformer<ApiSchemaTransformer>();
            options.AddOperationTransformer<PathAndHeaderTransformer>();
        });

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, options =>
        {
            options.Title = "Microfactory planner API";
            options.OpenApiRoutePattern = "/openapi/{documentName}.json";

            // Offline: no fonts from a CDN, no telemetry, no AI agent; the script is the package's embedded copy.
            options.DefaultFonts = false;
            options.Telemetry = false;
            options.DisableAgent();
            options.DisableMcp();
            options.AddPreferredSecuritySchemes(DocumentInfoTransformer.BearerScheme);
        }).AllowAnonymous();
        return app;
    }
}
