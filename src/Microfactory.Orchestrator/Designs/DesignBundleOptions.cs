using System.ComponentModel.DataAnnotations;

namespace Microfactory.Orchestrator.Designs;

/// <summary>Section "Designs": limits on uploaded design bundles and on their download.</summary>
public sealed class DesignBundleOptions
{
    public const string Section = "Designs";

    /// <summary>Largest bundle accepted, in bytes (default 1 GiB); larger uploads get 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBundleBytes { get; set; } = 1L << 30;

    /// <summary>Bytes per ArtifactChunk; well under gRPC's 4 MiB message limit.</summary>
    [Range(1024, 1 << 20)]
    public int ChunkBytes { get; set; } = 256 * 1024;
}
