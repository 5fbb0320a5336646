using System.Globalization;
using Spectre.Console;

namespace Microfactory.Cli.Output;

/// <summary>How values look in mf's tables: invariant numbers, UTC times, escaped text, coloured states.</summary>
public static class Show
{
    public static string Text(string? value) => Markup.Escape(value ?? "-");

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) =>
        value is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "-";

    /// <summary>A state in a colour that says good (green), under way (yellow), bad (red) or neutral.</summary>
    public static string State(string? state) => state switch
    {
        null => "-",
        "Completed" or "Online" or "Installed" or "Succeeded" or "Moved" or "Applied" => $"[green]{Markup.Escape(state)}[/]",
        "Failed" or "Unroutable" or "Aborted" or "Offline" or "RolledBack" or "Skipped" => $"[red]{Markup.Escape(state)}[/]",
        "Cancelled" or "Draining" or "Paused" or "RollingBack" => $"[grey]{Markup.Escape(state)}[/]",
        _ => $"[yellow]{Markup.Escape(state)}[/]",
    };

    /// <summary>Utilisation (backlog over a day of capacity) as a bar of <paramref name="width"/> cells and its value.</summary>
    public static string Utilisation(double value, int width = 10)
    {
        var filled = (int)Math.Round(Math.Clamp(value, 0, 1) * width);
        var colour = value switch { > 0.9 => "red", > 0.5 => "yellow", _ => "green" };
        return $"[{colour}]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/] {Number(value, "0.00")}{(value > 1 ? "+" : "")}";
    }

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column));
        }

        return table;
    }

    /// <summary>A two-column table of labels and values.</summary>
    public static Grid Facts(params (string Label, string Value)[] facts)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (label, value) in facts)
        {
            grid.AddRow($"[bold]{Markup.Escape(label)}[/]", value);
        }

        return grid;
    }
}
