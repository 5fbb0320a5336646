using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Microfactory.Orchestrator.Errors;

/// <summary>ProblemDetails results for checks done at the edge, before any grain is called.</summary>
public static class Problems
{
    /// <summary>The most of a client's value an error message repeats: enough to recognise it, never a megabyte.</summary>
    public const int MaxEcho = 64;

    public static ProblemHttpResult BadRequest(string detail, string? field = null) =>
        field is null
            ? TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Invalid request", Detail = detail })
            : Validation(StatusCodes.Status400BadRequest, detail, new Dictionary<string, List<string>> { [field] = [detail] });

    /// <summary>
    /// A request refused field by field: <c>field</c> names the first, <c>errors</c> maps every wrong field to its
    /// rules (the shape of ASP.NET Core's validation problems, which clients and the mf CLI already read).
    /// </summary>
    public static ProblemHttpResult Validation(int status, string detail, IReadOnlyDictionary<string, List<string>> errors) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = "Invalid request",
            Detail = detail,
            Extensions =
            {
                ["field"] = errors.Keys.First(),
                ["errors"] = errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
            },
        });

    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} '{Shown(id)}' does not exist.");

    /// <summary>A client's value as an error message may repeat it: as is up to <see cref="MaxEcho"/> characters, else cut with its length.</summary>
    public static string Shown(string? value) => value switch
    {
        null => "",
        { Length: <= MaxEcho } => value,
        _ => $"{value[..MaxEcho]}... ({value.Length} characters)",
    };
}
