namespace Microfactory.Orchestrator.Designs;

/// <summary>Design bundles are content-addressed: the artifact id is the SHA-256 in lowercase hex.</summary>
public static class ArtifactIds
{
    public const string KeyPrefix = "artifacts/sha256/";

    public static bool IsSha256(string? text) =>
        text is { Length: 64 } && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string KeyOf(string sha256) => KeyPrefix + sha256;
}
