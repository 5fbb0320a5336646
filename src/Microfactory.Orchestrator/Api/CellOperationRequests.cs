namespace Microfactory.Orchestrator.Api;

/// <summary>A remote operator's confirmation that a cell waiting for its operator is clear.</summary>
/// <param name="Note">What the operator wants the factory to know (e.g. "bed cleared"); optional.</param>
public sealed record OperatorConfirmationRequest(string? Note);

/// <summary>A planned maintenance window for a cell.</summary>
/// <param name="From">When the window starts; now when absent.</param>
/// <param name="Until">When it ends (exclusive); must be after <paramref name="From"/> and in the future.</param>
/// <param name="Reason">Why, for the maintenance log and the people reading the network view.</param>
public sealed record MaintenanceWindowRequest(DateTimeOffset? From, DateTimeOffset? Until, string? Reason);

/// <summary>An entry for a cell's maintenance log; who it was is the API key's name.</summary>
/// <param name="Reason">Why the work was done (e.g. "spindle bearing noise").</param>
/// <param name="PartsReplaced">Parts replaced, one per item (e.g. "spindle bearing 7014").</param>
/// <param name="At">When the work was done; the time of recording when absent.</param>
public sealed record MaintenanceLogRequest(string? Reason, IReadOnlyList<string>? PartsReplaced, string? Notes, DateTimeOffset? At);
