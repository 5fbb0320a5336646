using Microfactory.Grains;

namespace Microfactory.Network.Designs;

/// <summary>One product's design versions (keyed by product id).</summary>
[GrainType("design")]
public interface IDesignGrain : IGrainWithStringKey
{
    /// <summary>Registers a version; the same definition again is a no-op, a different one under the same version is refused.</summary>
    Task<DesignVersion> RegisterVersionAsync(string version, DesignDefinition definition);

    /// <summary>The named version, or the newest one when <paramref name="version"/> is null; null when there is none.</summary>
    Task<DesignVersion?> GetVersionAsync(string? version);

    Task<IReadOnlyList<DesignVersion>> ListVersionsAsync();

    /// <summary>
    /// Records the bundle stored for a registered version. The same digest again is a no-op; a different one is refused
    /// (<see cref="InvalidStateException"/> naming both), because a version's bytes never change once published.
    /// </summary>
    Task<DesignVersion> AttachBundleAsync(string version, string sha256, long size);
}
