using System.Reflection;
using Microfactory.Orchestrator.Api.Validation;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microfactory.Orchestrator.Api.OpenApi;

/// <summary>List filters (<see cref="FilterOfAttribute"/>) as arrays that take several values, of the enum's names for enums.</summary>
public sealed class ListFilterParameterTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            var info = (description.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo;
            if (info?.GetCustomAttribute<FilterOfAttribute>() is not { } filter
                || operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == description.Name) is not { } parameter)
            {
                continue;
            }

            var item = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Limits.Id };
            if (filter.ValueType.IsEnum)
            {
                item = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames(filter.ValueType).Select(n => (System.Text.Json.Nodes.JsonNode)n)] };
            }

            parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = item, MaxItems = Limits.FilterValues };
            parameter.Style = ParameterStyle.Form;
            parameter.Explode = true;
            parameter.Description = $"Any of several values: repeat it ({description.Name}=a&{description.Name}=b) or separate them with commas ({description.Name}=a,b).";
        }

        return Task.CompletedTask;
    }
}
