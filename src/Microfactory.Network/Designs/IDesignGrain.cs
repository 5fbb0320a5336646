using Orleans;

namespace Microfactory.Network.Designs;

/// <summary>One product's design versions (keyed by product id).</summary>
[Alias("design")]
public interface IDesignGrain : IGrainWithStringKey
{
    /// <summary>Registers a version; the same definition again is a no-op, a different one under the same version is refused.</summary>
    Task<DesignVersion> RegisterVersionAsync(string version, DesignDefinition definition);

    /// <summary>
    /// The named version, or when <paramref name="version"/> is null the current one: the newest version a rollout
    /// completed, or the newest registered while none was ever rolled out. Null when there is none.
    /// </summary>
    Task<DesignVersion?> GetVersionAsync(string? version);

    Task<IReadOnlyList<DesignVersion>> ListVersionsAsync();

    /// <summary>Called by a rollout when it completes (true) or a completed rollout is rolled back (false).</summary>
    Task MarkRolledOutAsync(string version, bool rolledOut);

    /// <summary>
    /// Records the bundle stored for a registered version. The same digest again is a no-op; a different one is refused
    /// (<see cref="InvalidStateException"/> naming both), because a version's bytes never change once published.
    /// </summary>
    Task<DesignVersion> AttachBundleAsync(string version, string sha256, long size);
}
