using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Errors;

/// <summary>What a refused request was told: the status, a title, a detail and the field it names (or none).</summary>
public sealed record RequestProblem(int Status, string Title, string Detail, string? Field);

/// <summary>
/// Says in the API's own words what the framework could not read: which field of the JSON body has the wrong type and
/// what it should be, which query value could not be read and its rule, that a body is missing. Framework sentences
/// ("Failed to bind parameter \"int? limit\"", "could not be converted to System.Int32") name .NET types and parameters
/// a client knows nothing of, and some repeat the client's whole value; none reaches the client.
/// </summary>
public static partial class BadRequestDescriber
{
    /// <param name="endpoint">The endpoint that refused the request (the exception handler has already cleared it from the context).</param>
    public static RequestProblem Describe(HttpContext context, Endpoint? endpoint, BadHttpRequestException e)
    {
        switch (e.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return new(e.StatusCode, "Request too large", Api.RequestBodyRules.TooLarge, null);
            case StatusCodes.Status415UnsupportedMediaType:
                return new(e.StatusCode, "Unsupported media type", "This endpoint takes application/json bodies.", null);
        }

        if (e.InnerException is JsonException json)
        {
            return DescribeJson(context, endpoint, json);
        }

        if (BindingFailed().Match(e.Message) is { Success: true } failed)
        {
            var name = failed.Groups["name"].Value;
            var parameter = endpoint?.Metadata.OfType<IParameterBindingMetadata>().FirstOrDefault(p => p.Name == name)?.ParameterInfo;
            return Invalid($"'{name}' {Rule(parameter)}.", name);
        }

        if (NotProvided().Match(e.Message) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            var fromBody = e.Message.Contains("body", StringComparison.Ordinal);
            return fromBody
                ? Invalid("This request needs a JSON body; see the OpenAPI document (/openapi/v1.json) for its fields.", "body")
                : Invalid($"'{name}' is required.", name);
        }

        return Invalid("The request could not be read; see the OpenAPI document (/openapi/v1.json) for what this endpoint takes.", null);
    }

    private static RequestProblem DescribeJson(HttpContext context, Endpoint? endpoint, JsonException json)
    {
        // A syntax error is the reader's own exception (a subclass), alone or wrapped with the path; a value of the
        // wrong type is a plain JsonException.
        if (json.GetType() != typeof(JsonException) || json.InnerException is JsonException)
        {
            var field = json.Path is { Length: > 1 } at ? at.TrimStart('$').TrimStart('.') : null;
            var where = json.LineNumber is { } line && json.BytePositionInLine is { } position ? $" (line {line + 1}, byte {position + 1})" : "";
            return Invalid($"The request body is not valid JSON{(field is null ? "" : $" at '{field}'")}{where}.", field ?? "body");
        }

        var path = json.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
        if (path.Length == 0)
        {
            return Invalid("The request body must be a JSON object; see the OpenAPI document (/openapi/v1.json) for its fields.", "body");
        }

        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var fieldType = bodyType is null ? null : TypeAt(bodyType, path, options);
        return Invalid(fieldType is null ? $"'{path}' has a value of the wrong type." : $"'{path}' must be {Expected(fieldType)}.", path);
    }

    /// <summary>The .NET type a JSON path such as <c>cells[0].hoursPerDay</c> lands on, or null when it leads nowhere known.</summary>
    private static Type? TypeAt(Type type, string path, JsonSerializerOptions options)
    {
        Type? current = type;
        foreach (Match segment in PathSegment().Matches(path))
        {
            current = Nullable.GetUnderlyingType(current!) ?? current;
            if (segment.Groups["index"].Success)
            {
                current = ElementType(current!);
            }
            else
            {
                var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
                current = options.GetTypeInfo(current!).Properties.FirstOrDefault(p => p.Name == name)?.PropertyType;
            }

            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return $"one of {string.Join(", ", Enum.GetNames(type))}";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            TypeCode.String => "a string",
            TypeCode.DateTime => "a date and time in ISO 8601, such as 2026-12-01T09:00:00Z",
            _ when type == typeof(DateTimeOffset) => "a date and time in ISO 8601, such as 2026-12-01T09:00:00Z",
            _ when type == typeof(TimeSpan) => "a duration such as \"00:06:00\" (hh:mm:ss) or \"2.00:00:00\" (2 days)",
            _ when typeof(IEnumerable).IsAssignableFrom(type) => "an array",
            _ => "an object",
        };
    }

    private static string Rule(ParameterInfo? parameter)
    {
        if (parameter is null)
        {
            return "could not be read";
        }

        var expected = Expected(parameter.ParameterType);
        return parameter.GetCustomAttribute<RangeAttribute>() is { } range
            ? $"must be {expected} from {range.Minimum} to {range.Maximum}"
            : $"must be {expected}";
    }

    private static RequestProblem Invalid(string detail, string? field) => new(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]*) (?<name>[^\" ]+)\" from ", RegexOptions.CultureInvariant)]
    private static partial Regex BindingFailed();

    [GeneratedRegex("^(Required parameter \"(?<type>[^\"]*) (?<name>[^\" ]+)\" was not provided|Implicit body inferred for parameter \"(?<name>[^\"]+)\")", RegexOptions.CultureInvariant)]
    private static partial Regex NotProvided();

    [GeneratedRegex(@"(?:^|\.)(?<name>[^.\[\]']+)|\[(?<index>[0-9]+)\]|\['(?<quoted>[^']*)'\]", RegexOptions.CultureInvariant)]
    private static partial Regex PathSegment();
}
