using Microfactory.Network;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microfactory.Orchestrator.Api;

internal static class ApiIds
{
    /// <summary>A 400 for an id in the path that can never exist, before any grain is touched.</summary>
    public static ProblemHttpResult? Check(string id, string what) =>
        Ids.IsValid(id) ? null : Problems.BadRequest($"{what} id '{id}' is not valid: {Ids.Rule}.", "id");
}
