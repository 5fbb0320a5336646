using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Microfactory.Orchestrator.Demo;

/// <summary>What stays the same while the demo runs: its title, where to look, where its logs and keys are.</summary>
public sealed record DemoFrame(string Title, IReadOnlyList<DemoLink> Links, string LogFile, string KeyFile, string? Surge, double RebalanceAbove)
{
    /// <summary>A first command to try, with the planner key read from its file (never printed).</summary>
    public string Try => Links.FirstOrDefault(l => l.Name == "API") is { } api
        ? $"curl -s -H \"Authorization: Bearer $(cat {KeyFile})\" {api.Url}/cities"
        : "";
}

/// <summary>The demo's two faces over the same figures: the live view and the plain summary line.</summary>
public static class DemoView
{
    public static IRenderable Live(DemoFrame frame, DemoSnapshot now)
    {
        var links = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var link in frame.Links)
        {
            links.AddRow($"[bold]{Markup.Escape(link.Name)}[/]", $"[link]{Markup.Escape(link.Url)}[/]", $"[grey]{Markup.Escape(link.Note ?? "")}[/]");
        }

        var orders = new Table().Border(TableBorder.None).HideHeaders().AddColumn("state").AddColumn(new TableColumn("count").RightAligned());
        foreach (var (status, count) in now.Orders)
        {
            orders.AddRow(count == 0 ? $"[grey]{status}[/]" : status.ToString(), count.ToString(CultureInfo.InvariantCulture));
        }

        var utilisation = new BarChart().Width(64).WithMaxValue(1).UseValueFormatter(v => v.ToString("0.00", CultureInfo.InvariantCulture));
        foreach (var (city, value) in now.Cities)
        {
            utilisation.AddItem(city, Math.Round(value, 2), value >= 0.9 ? Color.Red : value > frame.RebalanceAbove ? Color.Yellow : Color.Green);
        }

        var middle = new Grid().AddColumn(new GridColumn().PadRight(1)).AddColumn();
        middle.AddRow(
            new Panel(orders).Header("Orders by state").Expand(),
            new Panel(utilisation).Header("Utilisation per city [grey](backlog over a day of capacity)[/]").Expand());

        var agents = new Markup(
            $"sites online [bold]{now.SitesOnline}[/]/{now.Sites}   agents connected [bold]{now.AgentsConnected}[/]   draining {now.SitesDraining}");
        return new Rows(
            new Rule($"[bold]{Markup.Escape(frame.Title)}[/] [grey]{now.At:HH:mm:ss} UTC[/]").LeftJustified(),
            new Panel(new Rows(links, new Markup($"[bold]Try[/]  {Markup.Escape(frame.Try)}"))).Header("Where to look").Expand(),
            middle,
            new Panel(agents).Header("Agents").Expand(),
            new Panel(Lines(now.Rebalances, frame.Surge is null ? "none yet" : "none yet; " + frame.Surge)).Header("Recent rebalance moves").Expand(),
            new Panel(Lines(now.Warnings, "none")).Header("Warnings and errors").Expand(),
            new Markup($"[grey]Logs (Information and up): {Markup.Escape(frame.LogFile)}   planner key: {Markup.Escape(frame.KeyFile)}   Ctrl+C stops[/]"));
    }

    /// <summary>One line for a log or a CI job: orders by state, utilisation per city, agents, the latest rebalance.</summary>
    public static string Summary(DemoSnapshot now)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{now.At:HH:mm:ss}] orders");
        foreach (var (status, count) in now.Orders.Where(o => o.Count > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $" {status}={count}");
        }

        text.Append(" | utilisation");
        foreach (var (city, value) in now.Cities)
        {
            text.Append(CultureInfo.InvariantCulture, $" {city}={value:0.00}");
        }

        text.Append(CultureInfo.InvariantCulture, $" | sites online {now.SitesOnline}/{now.Sites}, agents connected {now.AgentsConnected}");
        if (now.Rebalances.Count > 0)
        {
            text.Append(" | last ").Append(now.Rebalances[^1]);
        }

        return text.ToString();
    }

    /// <summary>The frame as plain lines, printed once before the summaries.</summary>
    public static string Welcome(DemoFrame frame)
    {
        var text = new StringBuilder().AppendLine(frame.Title);
        foreach (var link in frame.Links)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {link.Name,-14} {link.Url}{(link.Note is null ? "" : "   (" + link.Note + ")")}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  {"Logs",-14} {frame.LogFile}   (Information and up; warnings and errors also show here)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"Planner key",-14} {frame.KeyFile}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"Try",-14} {frame.Try}");
        if (frame.Surge is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {"Surge",-14} {frame.Surge}");
        }

        return text.ToString();
    }

    private static IRenderable Lines(IReadOnlyList<string> lines, string none) =>
        lines.Count == 0 ? new Markup($"[grey]{Markup.Escape(none)}[/]") : new Rows(lines.Select(l => new Text(l)));
}
