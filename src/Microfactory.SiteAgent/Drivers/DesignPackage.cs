namespace Microfactory.SiteAgent.Drivers;

/// <summary>A design bundle the agent downloaded and verified, ready for a cell to install.</summary>
/// <param name="DesignVersion">The orchestrator's name for it, e.g. "bracket-a@1.4.0".</param>
/// <param name="Sha256">The verified lowercase hex SHA-256 of the bundle.</param>
/// <param name="BundlePath">The verified bundle on local disk; null for drivers that need no files (the simulator).</param>
public sealed record DesignPackage(string DesignVersion, string Sha256, string? BundlePath = null);

/// <summary>The outcome of installing a design bundle on a cell.</summary>
/// <param name="Reason">Why it failed; null when installed.</param>
public sealed record DesignInstallResult(string CellId, string DesignVersion, bool Installed, string? Reason = null);
