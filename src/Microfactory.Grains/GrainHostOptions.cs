using System.ComponentModel.DataAnnotations;

namespace Microfactory.Grains;

public sealed class GrainHostOptions
{
    public const string Section = "Grains";

    /// <summary>An activation with no call for this long is deactivated; its state stays in the store.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A call that waits longer than this for its turn fails instead of hanging: with turn-based grains a cycle of
    /// calls (A awaits B awaits A) would otherwise deadlock silently.
    /// </summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Storage keys of grain state start with this prefix.</summary>
    [Required]
    public string StatePrefix { get; set; } = "grains/";
}
