using System.Globalization;
using System.Text;
using Microfactory.Network.Planning.Live;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Demo;

/// <summary>
/// Rebalances the demo network now and then (plan and apply, within the demo's distance limit) and hands the moves to
/// the demo's view, so a surge visibly spills over to the neighbouring cities in reach.
/// </summary>
public sealed partial class DemoRebalancer(
    PlanningService planning, IOptions<PlanningOptions> defaults, IOptions<DemoOptions> options, DemoActivity activity, TimeProvider time, ILogger<DemoRebalancer> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var surge = options.Value.Surge;
        if (surge.RebalanceInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(surge.RebalanceInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                var rules = new PlanParameters(null, Math.Min(defaults.Value.BandLow, surge.BandHigh / 2), surge.BandHigh, surge.MaxTransferKm, defaults.Value.MayRiskDueDates, null);
                var plan = await planning.PlanAsync(rules, cancellationToken);
                if (plan.Plan.Moves.Count > 0)
                {
                    plan = await planning.ApplyAsync(plan.Id, cancellationToken);
                }

                if (plan.Plan.Moves.Count > 0)
                {
                    activity.Rebalanced(Describe(plan));
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogRebalanceFailed(ex);
            }
        }
    }

    public static string Describe(StoredPlan plan)
    {
        var totals = plan.Plan.Totals;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{plan.CreatedAt:HH:mm:ss} {plan.Id}: {plan.LastApplication?.Moved ?? 0} of {plan.Plan.Moves.Count} moves applied, spread {totals.UtilisationSpreadBefore:0.00} -> {totals.UtilisationSpreadAfter:0.00}, late {totals.LateOrdersBefore} -> {totals.LateOrdersAfter}, {totals.KilometresAdded:+0;-0;0} km added");
        var routes = plan.Plan.Moves
            .GroupBy(m => (From: CityOf(m.FromSiteId), To: CityOf(m.ToSiteId)))
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key.From}->{g.Key.To} {g.Count()}");
        text.Append(plan.Plan.Moves.Count == 0 ? "" : $" ({string.Join(", ", routes)})");
        return text.ToString();
    }

    // Demo sites are named <city>-NN (DemoCatalog.SiteId).
    private static string CityOf(string siteId) => siteId[..siteId.LastIndexOf('-')];

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Demo rebalance failed; trying again at the next interval")]
    private partial void LogRebalanceFailed(Exception exception);
}
