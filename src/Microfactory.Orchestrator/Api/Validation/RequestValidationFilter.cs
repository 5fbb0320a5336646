using Microfactory.Orchestrator.Errors;

namespace Microfactory.Orchestrator.Api.Validation;

/// <summary>
/// Checks every request before its handler runs (and so before any grain is called): first the ids and design
/// version in the path, then every body that has <see cref="RequestRules"/>, with every wrong field named. Nothing
/// oversized or malformed reaches the network.
/// </summary>
public static class RequestValidationFilter
{
    // What a path id names, by the collection segment before it, for messages such as "Site id 'X' is not valid".
    private static readonly Dictionary<string, string> Things = new(StringComparer.Ordinal)
    {
        ["cities"] = "City", ["sites"] = "Site", ["designs"] = "Product", ["orders"] = "Order", ["rollouts"] = "Rollout", ["plans"] = "Plan",
    };

    public static TBuilder ValidateRequests<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var checks = factory.MethodInfo.GetParameters()
                .Select((p, i) => (Index: i, Rules: RequestRules.ByType.GetValueOrDefault(p.ParameterType)))
                .Where(p => p.Rules is not null)
                .ToList();
            return async context =>
            {
                var pattern = (context.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "";
                if (CheckPath(context.HttpContext.Request.RouteValues, pattern.Split('/')) is { } badPath)
                {
                    return badPath;
                }

                var errors = new FieldErrors();
                foreach (var (index, rules) in checks)
                {
                    if (context.Arguments[index] is { } body)
                    {
                        rules!.Check(body, errors);
                    }
                }

                return errors.ToProblem() is { } problem ? problem : await next(context);
            };
        });

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? CheckPath(RouteValueDictionary values, string[] pattern)
    {
        for (var i = 1; i < pattern.Length; i++)
        {
            var problem = pattern[i] switch
            {
                "{id}" or "{product}" when values[pattern[i][1..^1]] is string id => ApiIds.Check(id, Things.GetValueOrDefault(pattern[i - 1], "The")),
                "{version}" when values["version"] is string version => ApiIds.CheckVersion(version),
                "{cellId}" when values["cellId"] is string cellId => ApiIds.Check(cellId, "Cell"),
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }
}
