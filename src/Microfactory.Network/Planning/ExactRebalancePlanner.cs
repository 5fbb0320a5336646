namespace Microfactory.Network.Planning;

/// <summary>The optimum of the plan objective and the assignment that reaches it (order id to destination).</summary>
public sealed record ExactPlan(double Cost, double StartCost, IReadOnlyDictionary<string, (string SiteId, string CellId)> Moves, long AssignmentsPriced);

/// <summary>
/// Solves the plan objective exactly by pricing every assignment of every scoped order to "stay" or to any cell that
/// passes the per-move checks (capability, distance, receiving site, other site), keeping the cheapest one that also
/// passes the whole-plan checks (band, due dates). Exponential: only for small networks, to measure the greedy.
/// </summary>
public static class ExactRebalancePlanner
{
    public const long MaxAssignments = 20_000_000;

    public static ExactPlan Solve(NetworkSnapshot snapshot, RebalanceRequest request)
    {
        var model = PlanningModel.Build(snapshot, request);
        var stay = model.Orders.Select(o => o.Cell).ToArray();
        var start = PlanEvaluation.Evaluate(model, stay);
        var options = new int[model.Orders.Length][];
        long assignments = 1;
        for (var o = 0; o < options.Length; o++)
        {
            options[o] = [model.Orders[o].Cell, .. Enumerable.Range(0, model.Cells.Length)
                .Where(c => c != model.Orders[o].Cell && PlanEvaluation.MoveViolation(model, o, c) is null)];
            assignments *= options[o].Length;
            if (assignments > MaxAssignments)
            {
                throw new ArgumentException(
                    $"The exact planner prices every assignment; this network has more than {MaxAssignments:N0} (at order {o + 1} of {options.Length}).",
                    nameof(snapshot));
            }
        }

        var search = new Search(model, options, start);
        search.Run(0);
        var moves = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        for (var o = 0; o < search.Best.Length; o++)
        {
            var cell = search.Best[o];
            if (cell != model.Orders[o].Cell)
            {
                moves[model.Orders[o].OrderId] = (model.Sites[model.Cells[cell].Site].SiteId, model.Cells[cell].CellId);
            }
        }

        return new ExactPlan(search.BestCost, start.Cost, moves, search.Priced);
    }

    private sealed class Search(PlanningModel model, int[][] options, PlanEvaluation start)
    {
        private readonly int[] _current = new int[options.Length];

        public int[] Best { get; } = [.. model.Orders.Select(o => o.Cell)];

        public double BestCost { get; private set; } = start.Cost;

        public long Priced { get; private set; }

        public void Run(int order)
        {
            if (order == options.Length)
            {
                Priced++;
                var e = PlanEvaluation.Evaluate(model, _current, start);
                if (e.Violation is null && e.Cost < BestCost - 1e-12)
                {
                    BestCost = e.Cost;
                    _current.CopyTo(Best, 0);
                }

                return;
            }

            foreach (var cell in options[order])
            {
                _current[order] = cell;
                Run(order + 1);
            }
        }
    }
}
