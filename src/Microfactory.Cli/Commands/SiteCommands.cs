using System.CommandLine;
using Microfactory.Cli.Api;
using Microfactory.Cli.Output;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary><c>mf sites list|drain|resume|enrol|credential</c>.</summary>
public static class SiteCommands
{
    public static Command Create(GlobalOptions globals, CliIO io)
    {
        var sites = new Command("sites", "Sites: status, capacity, maintenance");
        sites.Subcommands.Add(List(globals, io));
        sites.Subcommands.Add(Drain(globals, io));
        sites.Subcommands.Add(Resume(globals, io));
        sites.Subcommands.Add(SiteCredentialCommands.Enrol(globals, io));
        sites.Subcommands.Add(SiteCredentialCommands.Credential(globals, io));
        return sites;
    }

    private static Command List(GlobalOptions globals, CliIO io)
    {
        var city = new Option<string?>("--city") { Description = "Only sites in this city" };
        var capability = new Option<string?>("--capability") { Description = "Only sites with a cell that has this capability" };
        var status = new Option<string?>("--status") { Description = "Only sites in this status (Online, Offline, Draining)" };
        var command = new Command("list", "Sites with their status, cells, capacity and queues") { city, capability, status };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var response = await context.Api.GetAsync("/api/sites" + QueryString.From(("city", context.Value(city)), ("capability", context.Value(capability)), ("status", context.Value(status))), ct);
            if (context.PrintedJson(response))
            {
                return ExitCodes.Ok;
            }

            var sites = response.Read<List<Site>>();
            var table = Show.Table("Site", "City", "Status", "Agent", "Cells", "Capacity h/day", "Backlog h", "Queued", "Running");
            foreach (var s in sites.OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                table.AddRow(
                    Show.Text(s.Id), Show.Text(s.CityId), Show.State(s.Draining && s.Status != "Draining" ? $"{s.Status}, draining" : s.Status),
                    s.Connected ? "[green]connected[/]" : $"[red]disconnected[/]{((s.DisconnectedSince ?? s.LastSeen) is { } since ? " since " + Show.Time(since) : "")}",
                    $"{s.Cells.Count} [grey]{Show.Text(string.Join(" ", s.Cells.SelectMany(c => c.Capabilities).Distinct().Order(StringComparer.Ordinal)))}[/]",
                    Show.Number(s.CapacityHoursPerDay, "0.#"), Show.Number(s.BacklogHours, "0.#"),
                    s.QueuedJobs.ToString(System.Globalization.CultureInfo.InvariantCulture), s.RunningJobs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            context.Console.Write(table);
            context.Console.MarkupLine($"{sites.Count} sites, {sites.Count(s => s.Connected)} agents connected");
            return ExitCodes.Ok;
        });
    }

    private static Command Drain(GlobalOptions globals, CliIO io)
    {
        var id = new Argument<string>("site-id") { Description = "The site to drain" };
        var rules = new PlanningRules();
        var command = new Command("drain", "Maintenance: no new work for the site, its queued orders move elsewhere; running jobs finish there") { id };
        rules.AddTo(command);
        return command.Runs(globals, io, async (context, ct) =>
        {
            var body = new { band = rules.Band(context), maxTransferKm = context.Value(rules.MaxKm), mayRiskDueDates = rules.RiskDueDates(context) };
            var response = await context.Api.PostAsync($"/api/sites/{Uri.EscapeDataString(context.Value(id))}/drain", body, ct);
            if (context.PrintedJson(response))
            {
                return ExitCodes.Ok;
            }

            var drain = response.Read<Drain>();
            context.Console.MarkupLine($"Site [bold]{Show.Text(drain.Site.Id)}[/] is {Show.State(drain.Site.Status)}: no new work goes there.");
            PlanView.Render(context.Console, drain.Plan);
            context.Console.MarkupLine(drain.Load.EmptyAt is { } empty
                ? $"{drain.Load.QueuedOrders} queued and {drain.Load.RunningOrders} running orders left there; empty at {Show.Time(empty)}"
                : $"{drain.Load.QueuedOrders} queued and {drain.Load.RunningOrders} running orders left there");
            return ExitCodes.Ok;
        });
    }

    private static Command Resume(GlobalOptions globals, CliIO io)
    {
        var id = new Argument<string>("site-id") { Description = "The drained site" };
        var command = new Command("resume", "Route new work to a drained site again") { id };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var response = await context.Api.PostAsync($"/api/sites/{Uri.EscapeDataString(context.Value(id))}/resume", null, ct);
            if (!context.PrintedJson(response))
            {
                var site = response.Read<Site>();
                context.Console.MarkupLine($"Site [bold]{Show.Text(site.Id)}[/] is {Show.State(site.Status)} and takes new work again.");
            }

            return ExitCodes.Ok;
        });
    }
}
