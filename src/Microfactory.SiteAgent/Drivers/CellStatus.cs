namespace Microfactory.SiteAgent.Drivers;

/// <summary>A snapshot of a cell, for capacity reports and the Hello message.</summary>
/// <param name="State">What the cell is doing now.</param>
/// <param name="LoadedDesignVersion">The design the cell is set up for; null when unknown (e.g. after an interrupted changeover).</param>
/// <param name="InstalledDesigns">Every design version installed on the cell.</param>
/// <param name="CurrentJobId">The job running now, or null.</param>
/// <param name="DownUntil">When the cell is expected back, while it is down.</param>
/// <param name="DownReason">Why it is down, while it is down (e.g. the machine's alarm, or the lost connection).</param>
/// <param name="AwaitingOperator">The cell's operator gate is closed: it takes no queued job until someone confirms the machine is clear.</param>
public sealed record CellStatus(
    string CellId,
    CellState State,
    string? LoadedDesignVersion,
    IReadOnlyList<InstalledDesign> InstalledDesigns,
    string? CurrentJobId,
    DateTimeOffset? DownUntil,
    string? DownReason,
    bool AwaitingOperator = false);
