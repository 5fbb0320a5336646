using Microfactory.Cli.Api;
using Spectre.Console;

namespace Microfactory.Cli.Output;

/// <summary><c>mf orders why</c>: the decision in a sentence, then each kept candidate with its score parts as bars.</summary>
public static class RoutingView
{
    private const int BarWidth = 24;

    public static void Render(IAnsiConsole console, RoutingExplanation explanation)
    {
        var decision = explanation.Decision;
        console.MarkupLine($"{Show.Text(explanation.Summary)}");
        if (decision.TopCandidates.Count > 0)
        {
            // Lower is better; every bar is on the scale of the worst kept candidate, so bars compare across rows.
            var worst = Math.Max(decision.TopCandidates.Max(c => c.Score), 1e-9);
            var table = Show.Table("", "Site / cell", "Score", "Distance", "Finish", "Late", "Changeover", "Score parts (lower is better)");
            foreach (var c in decision.TopCandidates)
            {
                var s = c.Components;
                var chosen = decision.Chosen is { } w && w.SiteId == c.SiteId && w.CellId == c.CellId;
                table.AddRow(
                    chosen ? "[green]chosen[/]" : "",
                    Show.Text(c.CellId.StartsWith(c.SiteId + "/", StringComparison.Ordinal) ? c.CellId : $"{c.SiteId}/{c.CellId}"),
                    Show.Number(c.Score, "0.###"),
                    $"{Show.Number(s.DistanceKm, "0.#")} km",
                    $"{Show.Number(s.FinishHours, "0.#")} h",
                    $"{Show.Number(s.LateHours, "0.#")} h",
                    s.ChangeoverRequired ? $"{Show.Number(s.ChangeoverHours, "0.#")} h" : "installed",
                    Bars(worst, (s.DistanceCost, "blue"), (s.FinishCost, "yellow"), (s.LatenessCost, "red"), (s.ChangeoverCost, "purple")));
            }

            console.Write(table);
            console.MarkupLine("[blue]█[/] distance  [yellow]█[/] finish  [red]█[/] lateness  [purple]█[/] changeover");
        }

        var rejected = decision.Rejections.Where(r => r.Value > 0).Select(r => $"{r.Key} {r.Value}").ToList();
        console.MarkupLine($"{decision.CandidateCount} candidates among {decision.CellsEvaluated} cells; rejected: {(rejected.Count == 0 ? "none" : Show.Text(string.Join(", ", rejected)))}");
    }

    private static string Bars(double scale, params (double Cost, string Colour)[] parts)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (cost, colour) in parts)
        {
            var cells = (int)Math.Round(Math.Max(cost, 0) / scale * BarWidth);
            if (cells > 0)
            {
                text.Append($"[{colour}]{new string('█', cells)}[/]");
            }
        }

        return text.Length == 0 ? "-" : text.ToString();
    }
}
