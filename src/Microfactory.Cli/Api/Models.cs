namespace Microfactory.Cli.Api;

// The parts of the API's answers mf shows. Enums arrive as strings and stay strings: mf prints what the API says and
// keeps working when the API adds a state. With --json nothing here is used: the body is printed as it came.

public sealed record OrderSpec(string Product, string DesignVersion, int Quantity, DateTimeOffset DueAt, string DeliveryCityId, string Priority);

public sealed record OrderTransition(string Status, DateTimeOffset At, string Reason);

public sealed record OrderAssignment(string SiteId, string CellId, string JobId, double LoadHours);

public sealed record Order(
    string Id, OrderSpec Spec, string Status, OrderAssignment? Assignment, int Good, int Scrap, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<OrderTransition> History);

public sealed record OrderSummary(
    string Id, string Status, string Design, int Quantity, string DeliveryCityId, string? SiteId, string? CellId, DateTimeOffset DueAt);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Orders, string? Next);

public sealed record ScoreComponents(
    double DistanceKm, double DistanceCost, double FinishHours, double FinishCost, double LateHours, double LatenessCost,
    bool ChangeoverRequired, double ChangeoverHours, double ChangeoverCost);

public sealed record RoutingCandidate(string SiteId, string CityId, string CellId, double Score, ScoreComponents Components);

public sealed record RoutingDecision(
    RoutingCandidate? Chosen, string? UnroutableReason, int CellsEvaluated, int CandidateCount,
    IReadOnlyList<RoutingCandidate> TopCandidates, IReadOnlyDictionary<string, int> Rejections);

public sealed record RoutingExplanation(string OrderId, string Status, string Summary, RoutingDecision Decision);

public sealed record Cell(string Id, IReadOnlyList<string> Capabilities, string State);

public sealed record Site(
    string Id, string Name, string CityId, string Status, bool Draining, bool Connected, DateTimeOffset? LastSeen,
    IReadOnlyList<Cell> Cells, double CapacityHoursPerDay, double BacklogHours, int QueuedJobs, int RunningJobs)
{
    /// <summary>Since when the agent is not connected; null while it is (or if it never connected).</summary>
    public DateTimeOffset? DisconnectedSince { get; init; }
}

public sealed record OperatorConfirmation(long Sequence, string SiteId, string CellId, string ConfirmedBy, string? Note, DateTimeOffset ConfirmedAt);

public sealed record MaintenanceWindow(DateTimeOffset From, DateTimeOffset Until, string Reason, string SetBy);

public sealed record CellMaintenanceView(string SiteId, string Id, MaintenanceWindow? Maintenance);

public sealed record MaintenanceLogEntry(long Number, string Kind, DateTimeOffset At, string By, string Reason, IReadOnlyList<string> PartsReplaced, string? Notes);

public sealed record SiteLoad(string SiteId, double Utilisation, int QueuedOrders, int RunningOrders, int OrdersAtRisk, DateTimeOffset? EmptyAt);

public sealed record Band(double? Low, double? High);

public sealed record PlannedMove(
    string OrderId, string FromSiteId, string ToSiteId, double DistanceKmBefore, double DistanceKmAfter,
    DateTimeOffset FinishBefore, DateTimeOffset FinishAfter, double LateHoursBefore, double LateHoursAfter, string Why);

public sealed record UnmovedOrder(string OrderId, string SiteId, string Reason);

public sealed record PlanTotals(
    double UtilisationSpreadBefore, double UtilisationSpreadAfter, int LateOrdersBefore, int LateOrdersAfter, double KilometresAdded, int OrdersMoved);

public sealed record RebalancePlan(IReadOnlyList<PlannedMove> Moves, IReadOnlyList<UnmovedOrder> Unmoved, PlanTotals Totals);

public sealed record AppliedMove(string OrderId, string FromSiteId, string ToSiteId, string Outcome, string Detail, string? SiteIdNow);

public sealed record PlanApplication(int Moved, int AlreadyMoved, int Rerouted, int Skipped, IReadOnlyList<AppliedMove> Moves);

public sealed record StoredPlan(string Id, RebalancePlan Plan, string Status, PlanApplication? LastApplication);

public sealed record Drain(Site Site, StoredPlan Plan, SiteLoad Load);

public sealed record City(
    string Id, string Name, int Sites, int SitesOnline, double CapacityHoursPerDay, double BacklogHours, double Utilisation,
    IReadOnlyDictionary<string, int> OrdersAtSites, int OrdersAtRisk);

public sealed record DesignVersion(string Product, string Version, IReadOnlyList<string> Capabilities, string? BundleSha256, long? BundleSize);

public sealed record RolloutWave(
    int Index, string Name, string Phase, int Sites, int Installed, int Failed, int InProgress, int RequiredInstalled);

public sealed record RolloutSite(string SiteId, int Wave, string? State, bool InstallFailed, string? Reason);

public sealed record Rollout(
    string Id, string Design, string Sha256, string Phase, string? Reason, int CurrentWave, int Failures,
    IReadOnlyList<RolloutWave> Waves, IReadOnlyList<RolloutSite> Sites)
{
    /// <summary>Phases a rollout does not leave by itself.</summary>
    public bool HasEnded => Phase is "Completed" or "Aborted" or "RolledBack";
}

public sealed record RolloutSummary(string Id, string Design, string Phase, string? Reason, int CurrentWave, int Waves, int Sites, int Installed, int Failures, DateTimeOffset CreatedAt);

public sealed record EnrolmentToken(string SiteId, string Token, string Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record SiteCredentialInfo(string Id, DateTimeOffset IssuedAt, DateTimeOffset? RetiresAt, string IssuedBy);

public sealed record EnrolmentTokenInfo(string Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string CreatedBy, DateTimeOffset? UsedAt);

public sealed record SiteCredentials(string SiteId, IReadOnlyList<SiteCredentialInfo> Credentials, IReadOnlyList<EnrolmentTokenInfo> EnrolmentTokens, DateTimeOffset? RevokedAt);

public sealed record RotatedCredential(string SiteId, string Credential, string Id, SiteCredentials Site);
