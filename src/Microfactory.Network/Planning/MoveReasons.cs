using System.Globalization;

namespace Microfactory.Network.Planning;

/// <summary>The one-line "why" of a move, written from the state just before the move is applied.</summary>
internal static class MoveReasons
{
    public static string Why(PlanningModel model, PlanState state, int order, int cell)
    {
        var from = model.Orders[order].Site;
        var to = model.Cells[cell].Site;
        var source = model.Sites[from];
        var target = $"{model.Sites[to].SiteId} at {F(state.Utilisation(to))}";
        if (source.Drained)
        {
            return $"{source.SiteId} is drained; {target}";
        }

        var u = state.Utilisation(from);
        return u > model.Request.BandHigh
            ? $"{source.SiteId} at {F(u)} > {F(model.Request.BandHigh)}; {target}"
            : $"{source.SiteId} at {F(u)} within the band; moving cuts lateness; {target}";
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
