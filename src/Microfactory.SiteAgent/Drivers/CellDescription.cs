namespace Microfactory.SiteAgent.Drivers;

/// <summary>What a cell is and can do; fixed for the life of the driver.</summary>
/// <param name="CellId">Unique within the site, e.g. "cnc-1".</param>
/// <param name="Driver">The driver kind, e.g. "simulated".</param>
/// <param name="Capabilities">Process capabilities, e.g. "cnc-milling".</param>
/// <param name="HoursAvailablePerDay">Scheduled production hours per day.</param>
public sealed record CellDescription(string CellId, string Driver, IReadOnlyList<string> Capabilities, double HoursAvailablePerDay);
