using System.Globalization;

namespace Microfactory.WebConsole.Components;

/// <summary>Times as the console shows them: UTC, to the second, so every planner reads the same clock.</summary>
public static class Times
{
    public static string Short(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Hours(double hours) => hours.ToString("0.#", CultureInfo.InvariantCulture) + " h";

    public static string Km(double km) => km.ToString("0.#", CultureInfo.InvariantCulture) + " km";
}
