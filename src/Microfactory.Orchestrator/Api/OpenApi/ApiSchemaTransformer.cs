using System.Text.Json.Nodes;
using Microfactory.Orchestrator.Api.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microfactory.Orchestrator.Api.OpenApi;

/// <summary>
/// Schemas as the API really behaves. Request types take their required properties and bounds from
/// <see cref="RequestRules"/> (what the API checks); a response property is required when it is always present, that
/// is when it cannot be null (nulls are left out of responses). Enums are strings of their names
/// (<see cref="Json.NamedEnumConverter"/>), a streamed body is binary.
/// </summary>
public sealed class ApiSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. Enum.GetNames(type).Select(n => (JsonNode)n)];
        }
        else if (typeof(Stream).IsAssignableFrom(type))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = "binary";
            schema.Properties = null;
            schema.Required = null;
        }
        else if (context.JsonPropertyInfo is null && schema.Properties is { Count: > 0 })
        {
            if (RequestRules.ByType.GetValueOrDefault(type) is { } rules)
            {
                rules.Describe(schema);
            }
            else
            {
                var alwaysPresent = context.JsonTypeInfo.Properties
                    .Where(p => !p.IsGetNullable && Nullable.GetUnderlyingType(p.PropertyType) is null)
                    .Select(p => p.Name)
                    .Where(schema.Properties.ContainsKey);
                schema.Required = new HashSet<string>(alwaysPresent, StringComparer.Ordinal);
            }
        }

        return Task.CompletedTask;
    }
}
