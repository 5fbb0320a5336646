using Orleans.Runtime;

namespace Microfactory.GrainStorage;

/// <summary>
/// Where a grain's state sits in the project's blob store: <c>grains/{grain type}/{key}.json</c> (the layout the
/// embedded store has always had, so data kept by earlier versions reads back); a grain's further named states sit
/// under <c>grains/{grain type}~{state name}/</c>, apart from the default ones.
/// </summary>
public static class GrainStateKeys
{
    public const string Prefix = "grains/";

    /// <summary>The state name every grain of this project gives its one persistent state.</summary>
    public const string DefaultStateName = "state";

    public static string Of(string stateName, GrainId grainId) => $"{TypePrefix(grainId.Type.ToString()!, stateName)}{grainId.Key}.json";

    /// <summary>The prefix under which every state of one name of a grain type sits.</summary>
    public static string TypePrefix(string grainType, string stateName = DefaultStateName) =>
        stateName == DefaultStateName ? $"{Prefix}{grainType}/" : $"{Prefix}{grainType}~{stateName}/";

    /// <summary>The grain key of a state blob under <paramref name="typePrefix"/>, or null for any other blob.</summary>
    public static string? KeyOf(string typePrefix, string blobKey) =>
        blobKey.StartsWith(typePrefix, StringComparison.Ordinal) && blobKey.EndsWith(".json", StringComparison.Ordinal)
            ? blobKey[typePrefix.Length..^".json".Length]
            : null;
}
