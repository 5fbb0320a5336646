using Microfactory.Cli.Api;
using Spectre.Console;

namespace Microfactory.Cli.Output;

/// <summary>A rebalance plan: its moves as a table, what applying did to each, and the totals before and after.</summary>
public static class PlanView
{
    public static void Render(IAnsiConsole console, StoredPlan stored)
    {
        var plan = stored.Plan;
        var applied = stored.LastApplication?.Moves.ToDictionary(m => m.OrderId, StringComparer.Ordinal) ?? [];
        var table = Show.Table("Order", "From", "To", "Km", "Finish before", "Finish after", "Late h", "Why", "Applied");
        foreach (var m in plan.Moves)
        {
            applied.TryGetValue(m.OrderId, out var outcome);
            table.AddRow(
                Show.Text(m.OrderId), Show.Text(m.FromSiteId), Show.Text(m.ToSiteId),
                $"{Show.Number(m.DistanceKmBefore, "0.#")} -> {Show.Number(m.DistanceKmAfter, "0.#")}",
                Show.Time(m.FinishBefore), Show.Time(m.FinishAfter),
                $"{Show.Number(m.LateHoursBefore, "0.#")} -> {Show.Number(m.LateHoursAfter, "0.#")}",
                Show.Text(m.Why),
                outcome is null ? "-" : $"{Show.State(outcome.Outcome)}{(outcome.Outcome == "Moved" ? "" : " " + Show.Text(outcome.Detail))}");
        }

        console.MarkupLine($"Plan [bold]{Show.Text(stored.Id)}[/] ({Show.State(stored.Status)}): {plan.Moves.Count} moves, {plan.Unmoved.Count} orders left where they are");
        if (plan.Moves.Count > 0)
        {
            console.Write(table);
        }

        var t = plan.Totals;
        console.MarkupLine($"utilisation spread {Show.Number(t.UtilisationSpreadBefore, "0.00")} -> {Show.Number(t.UtilisationSpreadAfter, "0.00")}, " +
            $"late orders {t.LateOrdersBefore} -> {t.LateOrdersAfter}, {Show.Number(t.KilometresAdded, "+0.#;-0.#;0")} km added");
        if (stored.LastApplication is { } a)
        {
            console.MarkupLine($"applied: {a.Moved} moved, {a.AlreadyMoved} already moved, {a.Rerouted} rerouted, {a.Skipped} skipped");
        }
        else if (plan.Moves.Count > 0)
        {
            console.MarkupLine($"Dry run: nothing moved. Apply this plan with [bold]mf plan apply {Show.Text(stored.Id)}[/] or plan and apply at once with [bold]mf plan rebalance --apply[/].");
        }
    }
}
