namespace Microfactory.SiteAgent.Drivers;

/// <summary>A design bundle version installed on a cell.</summary>
/// <param name="DesignVersion">The orchestrator's name for it, e.g. "bracket-a@1.4.0".</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the bundle; empty when the cell came with it pre-installed and unknown.</param>
public sealed record InstalledDesign(string DesignVersion, string Sha256);
