using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Microfactory.SiteAgent.Configuration;

/// <summary>
/// Binds <c>Agent:Cells</c> one cell at a time. The configuration binder silently drops a collection element
/// it cannot convert (a cell whose CycleTime reads "90s" would simply vanish, and every later index would
/// shift); bound one by one, a bad value throws with its key instead.
/// </summary>
internal static class CellOptionsBinder
{
    public static List<CellOptions> BindEach(IConfigurationSection cells) =>
        [.. cells.GetChildren()
            .OrderBy(child => int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue)
            .ThenBy(child => child.Key, StringComparer.Ordinal)
            .Select(Bind)];

    private static CellOptions Bind(IConfigurationSection section)
    {
        var cell = new CellOptions { SectionPath = section.Path };
        section.Bind(cell);
        return cell;
    }
}
