using Microfactory.Network;
using Microfactory.Network.Designs;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microfactory.Orchestrator.Api;

internal static class ApiIds
{
    /// <summary>A 400 for an id in the path that can never exist, before any grain is touched.</summary>
    public static ProblemHttpResult? Check(string id, string what) =>
        Ids.IsValid(id) ? null : Problems.BadRequest($"{what} id '{Problems.Shown(id)}' is not valid: {Ids.Rule}.", "id");

    /// <summary>A 400 for a design version in the path that is not SemVer 2.0.0.</summary>
    public static ProblemHttpResult? CheckVersion(string version) =>
        SemanticVersion.TryParse(version, out _) ? null : Problems.BadRequest($"Design version '{Problems.Shown(version)}' is not {SemanticVersion.Rule}.", "version");
}
